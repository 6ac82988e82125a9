import type { Child, PropsWithChildren } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Config } from '../../env';
import type { WebUser } from '../context';
import { footerCrownSvg, govukLogoSvg, licenceLogoSvg } from './govuk-svg';

export const SERVICE_NAME = 'Manage early career teacher training';

/** Where the build copies govuk-frontend's CSS, fonts, images and JavaScript (npm run assets:govuk). */
export const ASSETS = '/assets/govuk';

export type NavItem = 'overview' | 'schools' | null;

export interface PageChrome {
  config: Pick<Config, 'APP_ENV' | 'SUPPORT_EMAIL' | 'FEEDBACK_URL'>;
  user: WebUser | null;
  csrf: string;
}

interface LayoutProps extends PageChrome {
  title: string;
  /** Prefixes the title with "Error: " so screen reader users hear it first. */
  hasErrors?: boolean;
  nav?: NavItem;
  /** Rendered above <main> (back links, breadcrumbs). */
  before?: Child;
  /** Full-width pages (tables) skip the two-thirds column. */
  wide?: boolean;
  /**
   * Who the page is for. School-facing pages (the challenge link from a school's email) show no
   * provider navigation: a school has no account, and a provider signed in on the same computer
   * must not see its menu on a school's page.
   */
  audience?: 'provider' | 'school';
}

const phaseTag: Record<Config['APP_ENV'], string> = { production: 'Beta', sandbox: 'Sandbox', development: 'Development', test: 'Test' };

export function Layout({ title, hasErrors, nav = null, before, wide, audience = 'provider', config, user, children }: PropsWithChildren<LayoutProps>) {
  const forSchools = audience === 'school';
  const navItems = forSchools ? [] : user
    ? [
        { key: 'overview', text: 'Overview', href: '/dashboard' },
        { key: 'schools', text: 'Schools', href: '/lead-providers/your-schools' },
        { key: 'sign-out', text: 'Sign out', href: '/users/sign_out' },
      ]
    : [{ key: 'sign-in', text: 'Sign in', href: '/users/sign_in' }];
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en" class="govuk-template">
        <head>
          <meta charset="utf-8" />
          <title>{`${hasErrors ? 'Error: ' : ''}${title} – ${SERVICE_NAME} – GOV.UK`}</title>
          <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
          <meta name="theme-color" content="#1d70b8" />
          <meta name="robots" content="noindex, nofollow" />
          <link rel="icon" sizes="48x48" href={`${ASSETS}/images/favicon.ico`} />
          <link rel="icon" sizes="any" href={`${ASSETS}/images/favicon.svg`} type="image/svg+xml" />
          <link rel="apple-touch-icon" href={`${ASSETS}/images/govuk-icon-180.png`} />
          <link rel="stylesheet" href={`${ASSETS}/govuk-frontend.min.css`} />
          <link rel="stylesheet" href={`${ASSETS}/app.css`} />
        </head>
        <body class="govuk-template__body">
          {/* Adds js-enabled / govuk-frontend-supported before the page paints (no inline script). */}
          <script src={`${ASSETS}/js-enabled.js`}></script>
          <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
          <header class="govuk-template__header">
            <div class="govuk-header">
              <div class="govuk-header__container govuk-width-container">
                <div class="govuk-header__logo">
                  <a href="https://www.gov.uk/" class="govuk-header__homepage-link">{raw(govukLogoSvg)}</a>
                </div>
              </div>
            </div>
            <section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
              <div class="govuk-width-container">
                <div class="govuk-service-navigation__container">
                  <span class="govuk-service-navigation__service-name">
                    {forSchools
                      ? <span class="govuk-service-navigation__text">{SERVICE_NAME}</span>
                      : <a href={user ? '/dashboard' : '/lead-providers'} class="govuk-service-navigation__link">{SERVICE_NAME}</a>}
                  </span>
                  {forSchools ? null : <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                    <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" aria-controls="navigation" hidden aria-hidden="true">Menu</button>
                    <ul class="govuk-service-navigation__list" id="navigation">
                      {navItems.map((item) => item.key === nav ? (
                        <li class="govuk-service-navigation__item govuk-service-navigation__item--active">
                          <a class="govuk-service-navigation__link" href={item.href} aria-current="true">
                            <strong class="govuk-service-navigation__active-fallback">{item.text}</strong>
                          </a>
                        </li>
                      ) : (
                        <li class="govuk-service-navigation__item">
                          <a class="govuk-service-navigation__link" href={item.href}>{item.text}</a>
                        </li>
                      ))}
                    </ul>
                  </nav>}
                </div>
              </div>
            </section>
          </header>
          <div class="govuk-width-container">
            <div class="govuk-phase-banner">
              <p class="govuk-phase-banner__content">
                <strong class="govuk-tag govuk-phase-banner__content__tag">{phaseTag[config.APP_ENV]}</strong>
                <span class="govuk-phase-banner__text">
                  This service is new. <a class="govuk-link" href={config.FEEDBACK_URL} target="_blank" rel="noopener noreferrer">Tell us what you think (opens in new tab)</a> so we can improve it.
                </span>
              </p>
            </div>
            {before}
            <main class="govuk-main-wrapper" id="main-content">
              {wide ? children : (
                <div class="govuk-grid-row">
                  <div class="govuk-grid-column-two-thirds">{children}</div>
                </div>
              )}
            </main>
          </div>
          <footer class="govuk-template__footer">
            <div class="govuk-footer">
              <div class="govuk-width-container">
                {raw(footerCrownSvg)}
                <div class="govuk-footer__navigation">
                  <div class="govuk-footer__section govuk-grid-column-two-thirds">
                    <h2 class="govuk-footer__heading govuk-heading-m">Get help</h2>
                    {user && !forSchools ? (
                      <p class="govuk-body govuk-footer__body">
                        Stuck, or something not working? <a class="govuk-footer__link" href="/support">Send us a message</a> or
                        email <a class="govuk-footer__link" href={`mailto:${config.SUPPORT_EMAIL}`}>{config.SUPPORT_EMAIL}</a>.
                      </p>
                    ) : (
                      <p class="govuk-body govuk-footer__body">
                        Email <a class="govuk-footer__link" href={`mailto:${config.SUPPORT_EMAIL}`}>{config.SUPPORT_EMAIL}</a> if
                        you have a question or a problem with this service.
                      </p>
                    )}
                  </div>
                </div>
                <hr class="govuk-footer__section-break" />
                <div class="govuk-footer__meta">
                  <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                    <h2 class="govuk-visually-hidden">Support links</h2>
                    {forSchools ? null : (
                      <ul class="govuk-footer__inline-list">
                        <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/lead-providers/partnership-guide">Guide for lead providers</a></li>
                        <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/api-reference/">API guidance</a></li>
                      </ul>
                    )}
                    {raw(licenceLogoSvg)}
                    <span class="govuk-footer__licence-description">
                      All content is available under the{' '}
                      <a class="govuk-footer__link" href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" rel="license">Open Government Licence v3.0</a>, except where otherwise stated
                    </span>
                  </div>
                  <div class="govuk-footer__meta-item">
                    <a class="govuk-footer__link govuk-footer__copyright-logo" href="https://www.nationalarchives.gov.uk/information-management/re-using-public-sector-information/uk-government-licensing-framework/crown-copyright/">© Crown copyright</a>
                  </div>
                </div>
              </div>
            </div>
          </footer>
          <script type="module" src={`${ASSETS}/init.js`}></script>
        </body>
      </html>
    </>
  );
}
