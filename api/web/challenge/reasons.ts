import type { ChallengeReason } from '../../services/partnerships/messages';

/** What a school may say is wrong with a partnership, as the school and the provider read it. */
export const challengeReasonLabels: Record<ChallengeReason, string> = {
  another_provider: 'We have already agreed to work with a different provider',
  not_confirmed: 'We have not agreed to work with this provider',
  do_not_recognise: 'We do not know this training provider',
  no_ects: 'We have no early career teachers this year',
  mistake: 'This looks like a mistake',
};
