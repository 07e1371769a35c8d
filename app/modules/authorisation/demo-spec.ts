/**
 * The demo region's kravbok (förfrågningsunderlag) for vårdval primärvård, as a document of the
 * format in spec-document.ts. Modelled on the structure of real regions' documents (Västra
 * Götalandsregionen's "Medborgarnas primärvård", Region Stockholm's förfrågningsunderlag for
 * husläkarverksamhet): conditions for authorisation, the mission, accessibility and the care
 * guarantee, management, staffing, premises, IT, interpreters, insurance, subcontractors and
 * follow-up. The demo load publishes it; the browser tests seed it as "E2E:1".
 */
import type { SpecDocumentInput } from './spec-document.ts'

export const DEMO_SPEC_VERSION = '2027:1'

type Requirement = SpecDocumentInput['chapters'][number]['requirements'][number]

const declaration = (code: string, textSv: string, textEn: string, mandatory = true): Requirement => ({ code, kind: 'declaration', mandatory, textSv, textEn, rule: { expected: true } })
const document = (code: string, textSv: string, textEn: string, mandatory = true): Requirement => ({ code, kind: 'document', mandatory, textSv, textEn, rule: { minFiles: 1 } })
const text = (code: string, textSv: string, textEn: string, minLength: number, maxLength: number, mandatory = true): Requirement => ({
  code,
  kind: 'text',
  mandatory,
  textSv,
  textEn,
  rule: { minLength, maxLength },
})

/** The demo kravbok; `version` and `title` may be replaced (the browser tests seed it as "E2E:1"). */
export function demoSpecDocument(version = DEMO_SPEC_VERSION, title = 'Förfrågningsunderlag vårdval primärvård 2027'): SpecDocumentInput {
  return {
    version,
    title,
    chapters: [
      {
        code: 'admission',
        titleSv: 'Förutsättningar för auktorisation',
        titleEn: 'Conditions for authorisation',
        requirements: [
          declaration(
            '1.1',
            'Vårdgivaren är registrerad för F-skatt och har betalat sina skatter och socialförsäkringsavgifter.',
            'The provider is registered for F-tax and has paid its taxes and social security contributions.',
          ),
          declaration(
            '1.2',
            'Ingen av uteslutningsgrunderna i 7 kap. 1 § lagen (2008:962) om valfrihetssystem gäller vårdgivaren: den är inte i konkurs eller likvidation och har inte dömts för brott i yrkesutövningen.',
            'None of the exclusion grounds of chapter 7, section 1 of the Act on System of Choice in the Public Sector (2008:962) applies to the provider: it is not bankrupt or in liquidation and has not been convicted of an offence in its professional conduct.',
          ),
          declaration(
            '1.3',
            'Vårdgivaren har den ekonomiska stabilitet uppdraget kräver. Regionen tar en kreditupplysning på vårdgivaren.',
            'The provider has the financial stability the mission requires. The region obtains a credit report on the provider.',
          ),
          document(
            '1.4',
            'Bifoga registreringsbevis från Bolagsverket, högst tre månader gammalt.',
            'Attach a certificate of registration from the Swedish Companies Registration Office, at most three months old.',
          ),
          declaration(
            '1.5',
            'Vårdgivaren anmäler verksamheten till vårdgivarregistret hos Inspektionen för vård och omsorg (IVO) senast en månad innan den startar.',
            'The provider registers the practice in the register of care providers of the Health and Social Care Inspectorate (IVO) at least one month before it starts.',
          ),
        ],
      },
      {
        code: 'mission',
        titleSv: 'Uppdraget',
        titleEn: 'The mission',
        requirements: [
          declaration(
            '2.1',
            'Vårdgivaren åtar sig hela grunduppdraget i allmänmedicin för invånare i alla åldrar, med hembesök, läkemedelsgenomgångar och samordning av vården för patienter med stora behov.',
            'The provider takes on the whole basic mission in general medicine for residents of all ages, including home visits, medication reviews and coordination of care for patients with complex needs.',
          ),
          declaration(
            '2.2',
            'Vårdgivaren bedriver barnhälsovård (BVC) för listade barn 0–5 år enligt det nationella barnhälsovårdsprogrammet.',
            'The provider runs child health services (BVC) for listed children aged 0–5 according to the national child health programme.',
          ),
          declaration(
            '2.3',
            'Vårdgivaren bedriver mödrahälsovård (MVC): hälsovård under graviditet, föräldrastöd och preventivmedelsrådgivning enligt regionens riktlinjer.',
            "The provider runs maternal health services (MVC): antenatal care, parental support and contraceptive counselling according to the region's guidelines.",
          ),
          declaration(
            '2.4',
            'Vårdgivaren erbjuder ungdomsmottagning och barn- och ungdomsmedicinsk mottagning (BUM) för unga 13–25 år, med barnmorska, kurator och läkare.',
            'The provider offers a youth clinic and paediatric and adolescent outpatient care (BUM) for young people aged 13–25, with a midwife, a counsellor and a doctor.',
          ),
          declaration(
            '2.5',
            'Vårdgivaren erbjuder öppen gynekologisk mottagning för vanliga gynekologiska besvär och tar cellprover inom regionens screeningprogram.',
            "The provider offers an outpatient gynaecology clinic for common gynaecological conditions and takes cervical smears within the region's screening programme.",
          ),
          declaration(
            '2.6',
            'Vårdgivaren listar alla som väljer vårdcentralen och nekar inte listning, utom när regionen har beslutat om ett listningstak.',
            'The provider lists everyone who chooses the clinic and does not refuse listing, except when the region has decided on a list cap.',
          ),
          {
            code: '2.7',
            kind: 'choice',
            mandatory: true,
            textSv: 'Hur erbjuder vårdcentralen rehabilitering (fysioterapi och arbetsterapi) till listade patienter?',
            textEn: 'How does the clinic offer rehabilitation (physiotherapy and occupational therapy) to listed patients?',
            rule: {
              options: [
                { value: 'own', sv: 'Med egen personal på vårdcentralen', en: "With the clinic's own staff" },
                { value: 'agreement', sv: 'Genom avtal med en annan vårdgivare i närområdet', en: 'Through an agreement with another provider nearby' },
                { value: 'none', sv: 'Vårdcentralen erbjuder inte rehabilitering', en: 'The clinic does not offer rehabilitation' },
              ],
              accepted: ['own', 'agreement'],
            },
          },
          text(
            '2.8',
            'Beskriv hur vårdcentralen arbetar med hälsofrämjande och förebyggande insatser om levnadsvanor (tobak, alkohol, fysisk aktivitet och matvanor).',
            'Describe how the clinic works with health promotion and prevention concerning lifestyle habits (tobacco, alcohol, physical activity and diet).',
            100,
            4000,
          ),
        ],
      },
      {
        code: 'conditions',
        titleSv: 'Villkor: tillgänglighet och vårdgaranti 0-3-90-90',
        titleEn: 'Conditions: accessibility and the care guarantee 0-3-90-90',
        requirements: [
          {
            code: '3.1',
            kind: 'number',
            mandatory: true,
            textSv: 'Hur många timmar per vecka har vårdcentralen öppet för besök? Vårdcentralen ska ha öppet minst 40 timmar per vecka, vardagar.',
            textEn: 'How many hours a week is the clinic open for visits? The clinic must be open at least 40 hours a week, on weekdays.',
            rule: { min: '40', max: '168', unitSv: 'timmar/vecka', unitEn: 'hours/week', integer: false },
          },
          declaration(
            '3.2',
            'Vårdcentralen svarar i telefon under hela öppettiden, och den som söker kontakt får kontakt samma dag.',
            'The clinic answers the telephone throughout its opening hours, and anyone seeking contact is contacted the same day.',
          ),
          declaration(
            '3.3',
            'Vårdgivaren uppfyller vårdgarantin 0-3-90-90: kontakt samma dag och medicinsk bedömning av legitimerad personal inom tre dagar, och remitterar så att besök och behandling i den specialiserade vården kan ske inom 90 dagar.',
            'The provider meets the care guarantee 0-3-90-90: contact the same day and a medical assessment by licensed staff within three days, and refers patients so that a visit and treatment in specialist care can take place within 90 days.',
          ),
          {
            code: '3.4',
            kind: 'number',
            mandatory: false,
            textSv: 'Hur många timmar per vecka har vårdcentralen öppet på kvällar (efter 18.00) och helger?',
            textEn: 'How many hours a week is the clinic open in the evenings (after 18.00) and at weekends?',
            rule: { min: '0', max: '60', unitSv: 'timmar/vecka', unitEn: 'hours/week', integer: false },
          },
          declaration(
            '3.5',
            'Vårdgivaren ansvarar för läkarinsatser i hemsjukvården och på särskilda boenden för listade patienter enligt regionens överenskommelse med kommunerna.',
            "The provider is responsible for doctors' services in home health care and in residential care homes for listed patients, according to the region's agreement with the municipalities.",
          ),
        ],
      },
      {
        code: 'management',
        titleSv: 'Ledning och kvalitet',
        titleEn: 'Management and quality',
        requirements: [
          text(
            '4.1',
            'Beskriv vårdgivarens ledningssystem för systematiskt kvalitetsarbete enligt Socialstyrelsens föreskrifter (SOSFS 2011:9): processer, rutiner, egenkontroll och hur resultaten används.',
            "Describe the provider's management system for systematic quality work according to the National Board of Health and Welfare's regulations (SOSFS 2011:9): processes, routines, self-monitoring and how the results are used.",
            100,
            4000,
          ),
          document(
            '4.2',
            'Bifoga en översikt över ledningssystemet (processkarta och förteckning över rutiner).',
            'Attach an overview of the management system (process map and list of routines).',
          ),
          declaration(
            '4.3',
            'Vårdcentralen har en verksamhetschef enligt 4 kap. 2 § hälso- och sjukvårdslagen (2017:30) som arbetar på vårdcentralen.',
            'The clinic has a head of operations according to chapter 4, section 2 of the Health and Medical Services Act (2017:30) who works at the clinic.',
          ),
          declaration(
            '4.4',
            'Vårdgivaren har rutiner för avvikelser, klagomål och anmälan enligt lex Maria.',
            'The provider has routines for incidents, complaints and reports under lex Maria.',
          ),
          text(
            '4.5',
            'Beskriv hur patienterna görs delaktiga i sin vård och hur vårdcentralen tar tillvara deras synpunkter.',
            "Describe how patients take part in their care and how the clinic makes use of their views.",
            50,
            2000,
            false,
          ),
        ],
      },
      {
        code: 'staffing',
        titleSv: 'Bemanning och kompetens',
        titleEn: 'Staffing and competence',
        requirements: [
          {
            code: '5.1',
            kind: 'number',
            mandatory: true,
            textSv: 'Hur många specialister i allmänmedicin arbetar på vårdcentralen, i heltidstjänster? Minst en specialist ska finnas på plats.',
            textEn: 'How many specialists in general medicine work at the clinic, in full-time posts? At least one specialist must be on site.',
            rule: { min: '1', unitSv: 'heltidstjänster', unitEn: 'full-time posts', integer: false },
          },
          {
            code: '5.2',
            kind: 'number',
            mandatory: true,
            textSv: 'Hur många distriktssköterskor eller specialistsjuksköterskor arbetar på vårdcentralen, i heltidstjänster?',
            textEn: 'How many district nurses or specialist nurses work at the clinic, in full-time posts?',
            rule: { min: '2', unitSv: 'heltidstjänster', unitEn: 'full-time posts', integer: false },
          },
          declaration(
            '5.3',
            'Vårdcentralen har tillgång till barnmorska, psykolog eller psykoterapeut, kurator, fysioterapeut och dietist.',
            'The clinic has access to a midwife, a psychologist or psychotherapist, a counsellor, a physiotherapist and a dietitian.',
          ),
          declaration(
            '5.4',
            'All hälso- och sjukvårdspersonal har den legitimation eller utbildning uppgifterna kräver, och vårdgivaren kontrollerar legitimationen i Socialstyrelsens register före anställning.',
            "All health care staff have the licence or training their tasks require, and the provider checks licences in the National Board of Health and Welfare's register before employment.",
          ),
          {
            code: '5.5',
            kind: 'number',
            mandatory: false,
            textSv: 'Hur många ST-läkare i allmänmedicin kan vårdcentralen ta emot för specialiseringstjänstgöring?',
            textEn: 'How many specialist trainees in general medicine can the clinic take on?',
            rule: { min: '0', max: '20', unitSv: 'ST-läkare', unitEn: 'specialist trainees', integer: true },
          },
          document('5.6', 'Bifoga en bemanningsplan för det första verksamhetsåret.', 'Attach a staffing plan for the first year of operation.', false),
        ],
      },
      {
        code: 'premises',
        titleSv: 'Lokaler',
        titleEn: 'Premises',
        requirements: [
          declaration(
            '6.1',
            'Lokalerna är tillgängliga för personer med funktionsnedsättning: entré, väntrum, mottagningsrum och toalett går att nå och använda med rullstol.',
            'The premises are accessible to people with disabilities: the entrance, waiting room, consulting rooms and toilet can be reached and used in a wheelchair.',
          ),
          declaration(
            '6.2',
            'Lokalerna är godkända för vårdverksamhet och uppfyller regionens vårdhygieniska riktlinjer.',
            "The premises are approved for health care and meet the region's infection control guidelines.",
          ),
          document('6.3', 'Bifoga en planritning över lokalerna.', 'Attach a floor plan of the premises.', false),
        ],
      },
      {
        code: 'it',
        titleSv: 'IT och journalföring',
        titleEn: 'IT and medical records',
        requirements: [
          {
            code: '7.1',
            kind: 'choice',
            mandatory: true,
            textSv: 'Vilket journalsystem använder vårdcentralen? Regionen godkänner sitt eget journalsystem och system med anslutning till Nationell patientöversikt (NPÖ) och regionens e-recept.',
            textEn: "Which medical records system does the clinic use? The region accepts its own records system and systems connected to the National Patient Overview (NPÖ) and the region's e-prescriptions.",
            rule: {
              options: [
                { value: 'region', sv: 'Regionens journalsystem', en: "The region's records system" },
                { value: 'approved', sv: 'Ett annat journalsystem som regionen har godkänt', en: 'Another records system the region has approved' },
                { value: 'other', sv: 'Ett journalsystem som regionen inte har godkänt', en: 'A records system the region has not approved' },
              ],
              accepted: ['region', 'approved'],
            },
          },
          declaration(
            '7.2',
            'Vårdgivaren ansluter till Nationell patientöversikt (NPÖ), e-recept, elektroniska remisser och 1177:s e-tjänster innan verksamheten startar.',
            "The provider connects to the National Patient Overview (NPÖ), e-prescriptions, electronic referrals and 1177's e-services before the practice starts.",
          ),
          declaration(
            '7.3',
            'Journalföring och informationssäkerhet följer patientdatalagen (2008:355) och HSLF-FS 2016:40, med regelbundna kontroller av loggar.',
            'Medical records and information security comply with the Patient Data Act (2008:355) and HSLF-FS 2016:40, with regular log checks.',
          ),
        ],
      },
      {
        code: 'interpreters',
        titleSv: 'Tolk',
        titleEn: 'Interpreters',
        requirements: [
          declaration(
            '8.1',
            'Vårdcentralen bokar språktolk och teckenspråkstolk genom regionens avtalade tolkförmedling när patienten behöver det, utan kostnad för patienten.',
            "The clinic books spoken-language and sign-language interpreters through the region's contracted interpreting agency whenever the patient needs one, at no cost to the patient.",
          ),
          text(
            '8.2',
            'Vilka språk talar personalen utöver svenska?',
            'Which languages do the staff speak besides Swedish?',
            2,
            500,
            false,
          ),
        ],
      },
      {
        code: 'insurance',
        titleSv: 'Försäkringar',
        titleEn: 'Insurance',
        requirements: [
          document(
            '9.1',
            'Bifoga försäkringsbrev för patientförsäkring enligt patientskadelagen (1996:799).',
            'Attach the certificate of patient insurance under the Patient Injury Act (1996:799).',
          ),
          document(
            '9.2',
            'Bifoga försäkringsbrev för ansvarsförsäkring (verksamhets- och produktansvar).',
            'Attach the certificate of liability insurance (public and product liability).',
          ),
          {
            code: '9.3',
            kind: 'number',
            mandatory: true,
            textSv: 'Hur högt är ansvarsförsäkringens belopp per skada? Det ska vara minst 10 miljoner kronor.',
            textEn: "What is the liability insurance's cover per claim? It must be at least 10 million kronor.",
            rule: { min: '10', unitSv: 'miljoner kronor', unitEn: 'million kronor', integer: false },
          },
        ],
      },
      {
        code: 'subcontractors',
        titleSv: 'Underleverantörer',
        titleEn: 'Subcontractors',
        requirements: [
          {
            code: '10.1',
            kind: 'choice',
            mandatory: true,
            textSv: 'Anlitar vårdgivaren underleverantörer för delar av uppdraget?',
            textEn: 'Does the provider use subcontractors for parts of the mission?',
            rule: {
              options: [
                { value: 'none', sv: 'Nej', en: 'No' },
                { value: 'approved', sv: 'Ja, och regionen godkänner varje underleverantör innan den börjar', en: 'Yes, and the region approves each subcontractor before it starts' },
                { value: 'unapproved', sv: 'Ja, utan regionens godkännande', en: "Yes, without the region's approval" },
              ],
              accepted: ['none', 'approved'],
            },
          },
          text(
            '10.2',
            'Om ni anlitar underleverantörer: beskriv vilka delar av uppdraget de utför och hur ni följer upp dem.',
            'If you use subcontractors: describe which parts of the mission they carry out and how you follow them up.',
            20,
            2000,
            false,
          ),
        ],
      },
      {
        code: 'follow_up',
        titleSv: 'Uppföljning',
        titleEn: 'Follow-up',
        requirements: [
          declaration(
            '11.1',
            'Vårdgivaren rapporterar till de nationella kvalitetsregister regionen anger, bland annat Nationella diabetesregistret, Graviditetsregistret och Svenska barnhälsovårdsregistret.',
            'The provider reports to the national quality registers the region names, among them the National Diabetes Register, the Pregnancy Register and the Swedish Child Health Register.',
          ),
          declaration(
            '11.2',
            'Vårdgivaren deltar i den nationella patientenkäten och i regionens uppföljningsmöten, och lämnar de uppgifter regionen begär för uppföljning.',
            "The provider takes part in the national patient survey and in the region's follow-up meetings, and provides the information the region asks for follow-up.",
          ),
          declaration(
            '11.3',
            'Vårdgivaren lämnar diagnoskoder (ICD-10-SE) och åtgärdskoder (KVÅ) för varje besök till regionens vårddatabas.',
            "The provider reports diagnosis codes (ICD-10-SE) and procedure codes (KVÅ) for every visit to the region's care database.",
          ),
        ],
      },
    ],
  }
}
