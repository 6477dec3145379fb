/**
 * The sample XLSForms as data: a household needs assessment and a water-point inspection, in English and
 * French. `make-samples.ts` writes them to `.xlsx`; the committed `.xlsx` files are what tests and people load.
 */
import type { WorkbookSpec } from '../src/testing/write-xlsform.ts';

const L = ['type', 'name', 'label::English (en)', 'label::Français (fr)'];
const SURVEY_HEADER = [
  ...L,
  'hint::English (en)',
  'required',
  'required_message::English (en)',
  'constraint',
  'constraint_message::English (en)',
  'relevant',
  'calculation',
  'default',
  'appearance',
];
const CHOICES_HEADER = ['list_name', 'name', 'label::English (en)', 'label::Français (fr)'];
const SETTINGS_HEADER = ['form_id', 'version', 'form_title', 'default_language'];

/** One survey row: type, name, English label, French label, then the optional columns by name. */
function q(
  type: string,
  name: string,
  en: string,
  fr: string,
  more: Partial<Record<(typeof SURVEY_HEADER)[number], string>> = {},
): string[] {
  return SURVEY_HEADER.map((column, i) => [type, name, en, fr][i] ?? more[column] ?? '');
}

const yesNo = [
  ['yes_no', 'yes', 'Yes', 'Oui'],
  ['yes_no', 'no', 'No', 'Non'],
];

export const HOUSEHOLD: WorkbookSpec = {
  survey: {
    header: SURVEY_HEADER,
    rows: [
      q('begin group', 'visit', 'Visit', 'Visite'),
      q('date', 'visit_date', 'Date of visit', 'Date de la visite', {
        required: 'yes',
        constraint: '. <= today()',
        'constraint_message::English (en)': 'The visit cannot be in the future',
      }),
      q('time', 'visit_time', 'Time of visit', 'Heure de la visite'),
      q('geopoint', 'location', 'Location of the dwelling', 'Emplacement du logement', { required: 'yes' }),
      q('end group', '', '', ''),
      q('text', 'respondent_name', 'Name of the respondent', 'Nom de la personne interrogée', {
        required: 'yes',
      }),
      q('integer', 'respondent_age', 'Age of the respondent', 'Âge de la personne interrogée', {
        required: 'yes',
        constraint: '. >= 18 and . <= 120',
        'constraint_message::English (en)': 'The respondent must be an adult (18 to 120)',
      }),
      q(
        'select_one yes_no',
        'consent',
        'Does the respondent agree to the interview?',
        'La personne accepte-t-elle ?',
        {
          required: 'yes',
        },
      ),
      q(
        'note',
        'no_consent',
        'Thank the respondent and end the visit.',
        'Remerciez la personne et terminez.',
        {
          relevant: "${consent} = 'no'",
        },
      ),
      q('begin group', 'household', 'Household', 'Ménage', { relevant: "${consent} = 'yes'" }),
      q('integer', 'household_size', 'How many people live here?', 'Combien de personnes vivent ici ?', {
        required: 'yes',
        constraint: '. >= 1 and . <= 50',
        'constraint_message::English (en)': 'Between 1 and 50 people',
      }),
      q('begin repeat', 'members', 'Household member', 'Membre du ménage'),
      q('calculate', 'member_position', '', '', { calculation: 'position(..)' }),
      q('text', 'member_name', 'Name', 'Nom', { required: 'yes' }),
      q('integer', 'member_age', 'Age in years', 'Âge en années', {
        required: 'yes',
        constraint: '. >= 0 and . <= 120',
      }),
      q('select_one sex', 'member_sex', 'Sex', 'Sexe'),
      q('select_one yes_no', 'member_disability', 'Does this person live with a disability?', 'Handicap ?'),
      q('end repeat', '', '', ''),
      q('calculate', 'members_recorded', '', '', { calculation: 'count(${members})' }),
      q(
        'note',
        'members_mismatch',
        'Fewer members recorded than the household size.',
        'Moins de membres que prévu.',
        {
          relevant: '${members_recorded} < ${household_size}',
        },
      ),
      q('select_multiple needs', 'needs', 'What does the household need most?', 'Besoins prioritaires', {
        required: 'yes',
        constraint: "not(selected(., 'none') and count-selected(.) > 1)",
        'constraint_message::English (en)': "'None' cannot be combined with another need",
      }),
      q('select_one needs', 'first_need', 'Which need comes first?', 'Quel besoin en premier ?', {
        relevant: 'count-selected(${needs}) > 1',
      }),
      q(
        'select_one water_source',
        'water_source',
        'Main source of drinking water',
        "Source d'eau principale",
      ),
      q('decimal', 'water_litres', 'Litres of water used per day', "Litres d'eau par jour", {
        constraint: '. >= 0 and . <= 5000',
      }),
      q('calculate', 'litres_per_person', '', '', {
        calculation: 'if(${household_size} > 0, round(${water_litres} div ${household_size}, 1), 0)',
      }),
      q('image', 'dwelling_photo', 'Photo of the dwelling', 'Photo du logement'),
      q('text', 'phone', 'Phone number (optional)', 'Téléphone (facultatif)', {
        constraint: "regex(., '^[0-9+ ]{6,20}$')",
        'constraint_message::English (en)': 'Digits, spaces and + only, 6 to 20 characters',
      }),
      q('end group', '', '', ''),
      q('text', 'comments', 'Comments', 'Commentaires', { appearance: 'multiline' }),
    ],
  },
  choices: {
    header: CHOICES_HEADER,
    rows: [
      ...yesNo,
      ['sex', 'female', 'Female', 'Féminin'],
      ['sex', 'male', 'Male', 'Masculin'],
      ['needs', 'food', 'Food', 'Nourriture'],
      ['needs', 'water', 'Water', 'Eau'],
      ['needs', 'shelter', 'Shelter', 'Abri'],
      ['needs', 'health', 'Health care', 'Soins'],
      ['needs', 'education', 'Education', 'Éducation'],
      ['needs', 'none', 'None', 'Aucun'],
      ['water_source', 'piped', 'Piped water', 'Eau courante'],
      ['water_source', 'borehole', 'Borehole', 'Forage'],
      ['water_source', 'well', 'Protected well', 'Puits protégé'],
      ['water_source', 'surface', 'River, lake or pond', 'Rivière, lac ou étang'],
      ['water_source', 'truck', 'Water truck', 'Camion-citerne'],
    ],
  },
  settings: {
    header: SETTINGS_HEADER,
    rows: [['household_needs', '2026120101', 'Household needs assessment', 'English (en)']],
  },
};

export const WATER_POINT: WorkbookSpec = {
  survey: {
    header: SURVEY_HEADER,
    rows: [
      q('text', 'water_point_id', 'Water point ID', 'Identifiant du point d’eau', {
        required: 'yes',
        constraint: "regex(., '^WP-[0-9]{4}$')",
        'constraint_message::English (en)': 'Write it as on the plate: WP- and four digits',
      }),
      q('date', 'inspection_date', 'Date of inspection', "Date de l'inspection", { required: 'yes' }),
      q('time', 'inspection_time', 'Time of inspection', "Heure de l'inspection"),
      q('geopoint', 'point_location', 'Location', 'Emplacement', { required: 'yes' }),
      q('select_one point_type', 'point_type', 'Type of water point', 'Type de point d’eau', {
        required: 'yes',
      }),
      q('select_one yes_no', 'functional', 'Is it working today?', "Fonctionne-t-il aujourd'hui ?", {
        required: 'yes',
      }),
      q('select_multiple problems', 'problems', 'What is wrong?', 'Quels problèmes ?', {
        relevant: "${functional} = 'no'",
        required: 'yes',
      }),
      q('decimal', 'flow_rate', 'Flow rate (litres per minute)', 'Débit (litres par minute)', {
        relevant: "${functional} = 'yes'",
        constraint: '. > 0 and . <= 500',
      }),
      q('decimal', 'chlorine', 'Free chlorine residual (mg/L)', 'Chlore résiduel libre (mg/L)', {
        constraint: '. >= 0 and . <= 5',
      }),
      q('calculate', 'chlorine_ok', '', '', {
        calculation: "if(${chlorine} >= 0.2 and ${chlorine} <= 0.5, 'yes', 'no')",
      }),
      q('integer', 'households_served', 'Households served', 'Ménages desservis', { constraint: '. >= 0' }),
      q('image', 'point_photo', 'Photo of the water point', 'Photo du point d’eau'),
      q('begin repeat', 'taps', 'Tap', 'Robinet', { relevant: "${point_type} = 'tapstand'" }),
      q('calculate', 'tap_number', '', '', { calculation: 'position(..)' }),
      q('select_one yes_no', 'tap_working', 'Does this tap work?', 'Ce robinet fonctionne-t-il ?', {
        required: 'yes',
      }),
      q('image', 'tap_photo', 'Photo of the broken tap', 'Photo du robinet cassé', {
        relevant: "${tap_working} = 'no'",
      }),
      q('end repeat', '', '', ''),
      q('calculate', 'tap_count', '', '', { calculation: 'count(${taps})' }),
      q('text', 'notes', 'Notes', 'Remarques', { appearance: 'multiline' }),
    ],
  },
  choices: {
    header: CHOICES_HEADER,
    rows: [
      ...yesNo,
      ['point_type', 'borehole', 'Borehole with hand pump', 'Forage avec pompe'],
      ['point_type', 'well', 'Protected well', 'Puits protégé'],
      ['point_type', 'tapstand', 'Tap stand', 'Borne-fontaine'],
      ['point_type', 'spring', 'Protected spring', 'Source protégée'],
      ['point_type', 'tank', 'Storage tank', 'Réservoir'],
      ['problems', 'pump_broken', 'Pump broken', 'Pompe cassée'],
      ['problems', 'dry', 'Dry', 'À sec'],
      ['problems', 'contaminated', 'Looks or smells contaminated', 'Eau contaminée'],
      ['problems', 'leaking', 'Leaking', 'Fuite'],
      ['problems', 'access', 'Access blocked', 'Accès bloqué'],
    ],
  },
  settings: {
    header: SETTINGS_HEADER,
    rows: [['water_point', '2026120101', 'Water point inspection', 'English (en)']],
  },
};
