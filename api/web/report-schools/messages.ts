import type { SchoolProblem } from '../../services/partnerships/partnership-rules';
import type { CsvProblem } from './csv-input';

// What the CSV results page says about a row. The rules themselves are the partnership rules
// (api/services/partnerships/partnership-rules.ts), which the API applies too; these are the
// words for people rather than API clients.

export const rowProblemText: Record<SchoolProblem, string> = {
  schoolUnknown: 'No school has this URN',
  schoolCipOnly: 'School cannot have funded training: its type only allows school-led training',
  schoolIneligible: 'School is not eligible for funded induction training (for example, closed or outside England)',
  alreadyYours: 'You have already confirmed this school for this cohort',
  anotherProvider: 'Another lead provider has already confirmed this school for this cohort',
  notContinued: 'School has not yet told DfE how it will train early career teachers this year',
};

/** What each problem means and what to do, for the partnership guide. */
export const rowProblemHelp: Record<SchoolProblem, string> = {
  schoolUnknown: 'Check the URN against Get Information about Schools. A URN has 6 digits.',
  schoolCipOnly: 'Independent and overseas schools of some types can only use DfE’s own training materials. Remove the school from your list.',
  schoolIneligible: 'The school is closed, outside England or of a type that cannot have funded training. Remove it from your list.',
  alreadyYours: 'Nothing to do: the school is already on your list for this cohort.',
  anotherProvider: 'Contact the school. If it has changed provider, it needs to tell DfE first.',
  notContinued: 'The school worked with a provider last year. Ask it to confirm its plans for this year with DfE, then upload it again.',
};

export const csvProblemText: Record<CsvProblem, string> = {
  missing: 'Select a CSV file of school URNs',
  empty: 'The selected file is empty',
  too_large: 'The selected file must be smaller than 2 MB',
  not_csv: 'The selected file must be a CSV file. In a spreadsheet, choose “Save as” and “CSV UTF-8 (comma delimited)”',
  unreadable: 'The selected file could not be read. Save it again as a CSV file and upload it',
  no_urns: 'The selected file has no URNs in it. Put one URN on each row, in the first column',
  too_many_rows: 'The selected file has more than 50,000 URNs. Split it into smaller files',
};
