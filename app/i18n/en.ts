import { paymentsEn } from './payments.ts'
import { authEn } from './auth.ts'
import { citizenEn } from './citizen.ts'
import { modelsEn } from './models.ts'
import { finderEn } from './finder.ts'
import { listingAdminEn } from './listing-admin.ts'
import { notificationsEn } from './notifications.ts'
import { kravbokEn } from './kravbok.ts'
import { applicationEn } from './application.ts'
import { reviewEn } from './review.ts'
import { registerEn } from './register.ts'
import type { Messages } from './sv.ts'

/** English, the second language; must have every key that sv.ts has. */
export const en: Messages = {
  meta: {
    siteName: 'Vårdval',
    regionName: 'Region',
  },
  layout: {
    skipToContent: 'Skip to main content',
    mainNavigation: 'Main menu',
    home: 'Home',
    clinics: 'Health centres',
    languageSwitch: 'På svenska',
    languageSwitchLang: 'sv',
    footerAbout: 'Vårdval is the region’s system for free choice of health centre under the Swedish Act on System of Choice in the Public Sector (LOV).',
    footerHelp: 'Need care now? Call 1177 or visit your health centre. In a life-threatening emergency, call 112.',
    footerNavigation: 'Footer',
    login: 'Log in',
    logout: 'Log out',
    loggedInAs: (name: string) => `Logged in as ${name}`,
    regionPayments: 'Payments',
    paymentModels: 'Payment models',
    clinicPayments: 'Our payments',
    applications: 'Applications',
    myApplications: 'My applications',
    clinicChanges: 'Changes',
  },
  roles: {
    citizen: 'Resident',
    applicant: 'Applicant provider',
    clinic_staff: 'Health centre staff',
    commissioner: 'Commissioner',
    admin: 'Administrator',
  },
  region: {
    title: 'Region – commissioner',
    lead: 'The region’s pages for the payments to the health centres.',
    payments: 'Payments',
    paymentsText: 'This month’s payments to each health centre.',
    paymentModels: 'Payment models',
    paymentModelsText: 'Capitation, care weights and goal-based payment.',
    requirementSpec: 'Requirement specification',
    requirementSpecText: 'The requirements for authorisation, version by version. A published version never changes.',
    applications: 'Applications for authorisation',
    applicationsText: 'Review, ask for supplementation and decide.',
    register: 'Register of authorised health centres',
    registerText: 'Status and history, suspension and revocation, providers’ change requests.',
  },
  clinicHome: {
    title: 'Health centre',
    lead: 'Pages for staff of a health centre.',
    clinicsHeading: 'You work for',
    payments: 'Our payments',
    paymentsText: 'The region’s payments to your health centre, month by month.',
    changes: 'Apply for a list cap or changed details',
    changesText: 'A list cap for a period, a new address, new opening hours or a change of ownership. The region decides.',
    apply: 'Applications for authorisation',
    applyText: 'Apply for authorisation of a new health centre and follow your applications.',
  },
  home: {
    title: 'Choose a health centre',
    lead: 'Here you choose the health centre (vårdcentral) you want to be registered with. Health centres apply to be authorised, and the region follows up the care and pays them.',
    citizens: {
      heading: 'For residents',
      text: 'Find a health centre near you and choose the one you want to be registered with.',
      findClinic: 'Find and compare health centres',
      chooseClinic: 'Choose or change health centre',
    },
    clinics: {
      heading: 'For health centres',
      text: 'Apply for authorisation and follow your registered population and your payments.',
      apply: 'Apply to become an authorised health centre',
      population: 'See registered residents',
      payments: 'See payments',
    },
    commissioner: {
      heading: 'For the region as commissioner',
      text: 'Requirement specification, applications, payments and quality follow-up.',
      requirementSpec: 'Requirement specification',
      applications: 'Applications',
      payments: 'Payments',
      quality: 'Quality follow-up',
    },
    comingSoon: 'coming soon',
  },
  clinics: {
    title: 'Health centres',
    lead: 'All health centres authorised in the region. You may choose any health centre, wherever you live.',
    filterHeading: 'Filter',
    municipalityLabel: 'Municipality',
    allMunicipalities: 'All municipalities',
    filterSubmit: 'Show health centres',
    resultCount: (count: number) =>
      count === 1 ? '1 health centre' : `${count.toLocaleString('en-GB')} health centres`,
    resultCountIn: (count: number, municipality: string) =>
      `${count === 1 ? '1 health centre' : `${count.toLocaleString('en-GB')} health centres`} in ${municipality}`,
    noResults: 'No health centres match your selection.',
    municipality: 'Municipality',
    address: 'Address',
    ownership: 'Operated by',
    services: 'Services',
    listedCount: 'Registered residents today',
    listedCountValue: (count: number) => count.toLocaleString('en-GB'),
    noAddress: 'No address given',
    ownershipLabel: {
      public: 'The region',
      private: 'A private provider',
    },
    serviceLabel: {
      general_practice: 'General practice',
      child_health: 'Child health care (BVC)',
      maternal_health: 'Maternity care (MVC)',
      youth_clinic: 'Youth clinic',
      gynaecology: 'Gynaecology',
    },
    pagination: 'Pages',
    previousPage: 'Previous page',
    nextPage: 'Next page',
    pageOf: (page: number, pageCount: number) => `Page ${page} of ${pageCount}`,
  },
  errors: {
    title: 'Something went wrong',
    notFoundTitle: 'Page not found',
    notFound: 'We cannot find the page you are looking for. Check the address or go to the home page.',
    badRequestTitle: 'Bad request',
    badRequest: 'The address contains a value we do not understand.',
    forbiddenTitle: 'Access denied',
    forbidden: 'You are not allowed to see this page.',
    unavailableTitle: 'The service is unavailable right now',
    unavailable: 'Please try again in a while.',
    unexpected: 'An unexpected error occurred. Please try again in a while.',
    statusCode: (status: number) => `Error code ${status}`,
    backHome: 'Go to the home page',
  },
  models: modelsEn,
  payments: paymentsEn,
  auth: authEn,
  citizen: citizenEn,
  finder: finderEn,
  listingAdmin: listingAdminEn,
  notifications: notificationsEn,
  kravbok: kravbokEn,
  application: applicationEn,
  review: reviewEn,
  register: registerEn,
}
