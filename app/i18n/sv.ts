import { paymentsSv } from './payments.ts'
import { authSv } from './auth.ts'
import { citizenSv } from './citizen.ts'
import { modelsSv } from './models.ts'
import { finderSv } from './finder.ts'
import { listingAdminSv } from './listing-admin.ts'
import { notificationsSv } from './notifications.ts'
import { kravbokSv } from './kravbok.ts'
import { applicationSv } from './application.ts'
import { reviewSv } from './review.ts'
import { registerSv } from './register.ts'

/** Swedish, the default language. Every text the UI shows comes from here or from en.ts. */
export const sv = {
  meta: {
    siteName: 'Vårdval',
    regionName: 'Region',
  },
  layout: {
    skipToContent: 'Gå direkt till innehållet',
    mainNavigation: 'Huvudmeny',
    home: 'Startsida',
    clinics: 'Vårdcentraler',
    languageSwitch: 'In English',
    languageSwitchLang: 'en',
    footerAbout: 'Vårdval är regionens system för fritt val av vårdcentral enligt lagen om valfrihetssystem (LOV).',
    footerHelp: 'Behöver du vård nu? Ring 1177 eller besök din vårdcentral. Vid livshotande tillstånd, ring 112.',
    footerNavigation: 'Sidfot',
    login: 'Logga in',
    logout: 'Logga ut',
    loggedInAs: (name: string) => `Inloggad som ${name}`,
    regionPayments: 'Ersättning',
    paymentModels: 'Ersättningsmodeller',
    clinicPayments: 'Vår ersättning',
    applications: 'Ansökningar',
    myApplications: 'Mina ansökningar',
    clinicChanges: 'Ändringar',
  },
  roles: {
    citizen: 'Invånare',
    applicant: 'Sökande vårdgivare',
    clinic_staff: 'Personal på vårdcentral',
    commissioner: 'Beställare',
    admin: 'Administratör',
  },
  region: {
    title: 'Region – beställare',
    lead: 'Regionens sidor för ersättningen till vårdcentralerna.',
    payments: 'Ersättning',
    paymentsText: 'Månadens ersättning och utbetalningar till varje vårdcentral.',
    paymentModels: 'Ersättningsmodeller',
    paymentModelsText: 'Primärvårdspeng, vårdtyngd och målrelaterad ersättning.',
    requirementSpec: 'Förfrågningsunderlag (kravbok)',
    requirementSpecText: 'Kraven för auktorisation, version för version. En publicerad version ändras aldrig.',
    applications: 'Ansökningar om auktorisation',
    applicationsText: 'Granska, begär komplettering och besluta.',
    register: 'Register över auktoriserade vårdcentraler',
    registerText: 'Status och historik, avstängning och återkallelse, vårdgivarnas ändringsansökningar.',
  },
  clinicHome: {
    title: 'Mottagning',
    lead: 'Sidor för dig som arbetar på en vårdcentral.',
    clinicsHeading: 'Du arbetar för',
    payments: 'Vår ersättning',
    paymentsText: 'Ersättningen från regionen till din vårdcentral, månad för månad.',
    changes: 'Ansök om listningstak eller ändrade uppgifter',
    changesText: 'Listningstak för en period, ny adress, nya öppettider eller ändrad ägarform. Regionen beslutar.',
    apply: 'Ansökningar om auktorisation',
    applyText: 'Ansök om auktorisation för en ny vårdcentral och följ dina ansökningar.',
  },
  home: {
    title: 'Välj vårdcentral',
    lead: 'Här väljer du vilken vårdcentral du vill vara listad på. Vårdcentraler ansöker om att bli godkända, och regionen följer upp vården och betalar ut ersättning.',
    citizens: {
      heading: 'För dig som invånare',
      text: 'Hitta en vårdcentral nära dig och välj den du vill vara listad på.',
      findClinic: 'Hitta och jämför vårdcentraler',
      chooseClinic: 'Välj eller byt vårdcentral',
    },
    clinics: {
      heading: 'För vårdcentraler',
      text: 'Ansök om godkännande och följ din listade befolkning och dina utbetalningar.',
      apply: 'Ansök om att bli godkänd vårdcentral',
      population: 'Se listade invånare',
      payments: 'Se utbetalningar',
    },
    commissioner: {
      heading: 'För regionen som beställare',
      text: 'Förfrågningsunderlag, ansökningar, ersättning och uppföljning av kvalitet.',
      requirementSpec: 'Förfrågningsunderlag',
      applications: 'Ansökningar',
      payments: 'Ersättning och utbetalningar',
      quality: 'Kvalitetsuppföljning',
    },
    comingSoon: 'kommer snart',
  },
  clinics: {
    title: 'Vårdcentraler',
    lead: 'Alla vårdcentraler som är godkända i regionen. Du kan välja vilken vårdcentral du vill, oavsett var du bor.',
    filterHeading: 'Filtrera',
    municipalityLabel: 'Kommun',
    allMunicipalities: 'Alla kommuner',
    filterSubmit: 'Visa vårdcentraler',
    resultCount: (count: number) =>
      count === 1 ? '1 vårdcentral' : `${count.toLocaleString('sv-SE')} vårdcentraler`,
    resultCountIn: (count: number, municipality: string) =>
      `${count === 1 ? '1 vårdcentral' : `${count.toLocaleString('sv-SE')} vårdcentraler`} i ${municipality}`,
    noResults: 'Det finns inga vårdcentraler som matchar ditt val.',
    municipality: 'Kommun',
    address: 'Adress',
    ownership: 'Driftsform',
    services: 'Verksamhet',
    listedCount: 'Listade invånare i dag',
    listedCountValue: (count: number) => count.toLocaleString('sv-SE'),
    noAddress: 'Adress saknas',
    ownershipLabel: {
      public: 'Regiondriven',
      private: 'Privat driven',
    },
    serviceLabel: {
      general_practice: 'Allmänmedicin',
      child_health: 'Barnavårdscentral (BVC)',
      maternal_health: 'Barnmorskemottagning (MVC)',
      youth_clinic: 'Ungdomsmottagning',
      gynaecology: 'Gynekologi',
    },
    pagination: 'Sidor',
    previousPage: 'Föregående sida',
    nextPage: 'Nästa sida',
    pageOf: (page: number, pageCount: number) => `Sida ${page} av ${pageCount}`,
  },
  errors: {
    title: 'Något gick fel',
    notFoundTitle: 'Sidan finns inte',
    notFound: 'Vi hittar inte sidan du söker. Kontrollera adressen eller gå till startsidan.',
    badRequestTitle: 'Felaktig förfrågan',
    badRequest: 'Adressen innehåller ett värde vi inte förstår.',
    forbiddenTitle: 'Du har inte behörighet',
    forbidden: 'Du har inte behörighet att se den här sidan.',
    unavailableTitle: 'Tjänsten är inte tillgänglig just nu',
    unavailable: 'Försök igen om en stund.',
    unexpected: 'Ett oväntat fel inträffade. Försök igen om en stund.',
    statusCode: (status: number) => `Felkod ${status}`,
    backHome: 'Till startsidan',
  },
  models: modelsSv,
  payments: paymentsSv,
  auth: authSv,
  citizen: citizenSv,
  finder: finderSv,
  listingAdmin: listingAdminSv,
  notifications: notificationsSv,
  kravbok: kravbokSv,
  application: applicationSv,
  review: reviewSv,
  register: registerSv,
}

export type Messages = typeof sv
