/** Plausible submissions of the sample forms, for tests and benchmarks. Portable. */
import type { RepeatInstance, SubmissionValues } from '../form/form-model.ts';

/** A complete, valid household submission; `n` varies the values. */
export function householdValues(n = 0): SubmissionValues {
  const members: RepeatInstance[] = Array.from({ length: 1 + (n % 4) }, (_, i) => ({
    key: `m${n}-${i}`,
    values: {
      member_name: `Member ${i + 1} of household ${n}`,
      member_age: (n * 7 + i * 13) % 90,
      member_sex: i % 2 === 0 ? 'female' : 'male',
      member_disability: i === 2 ? 'yes' : 'no',
    },
  }));
  return {
    visit_date: '2026-11-20',
    visit_time: '09:30',
    location: { lat: 12.1 + (n % 100) / 1000, lon: -1.5 - (n % 50) / 1000, alt: 300, accuracy: 5 },
    respondent_name: `Respondent ${n}, "quoted", and a comma`,
    respondent_age: 18 + (n % 60),
    consent: 'yes',
    household_size: members.length,
    members,
    needs: n % 5 === 0 ? ['none'] : ['food', 'water'],
    first_need: n % 5 === 0 ? null : 'water',
    water_source: 'borehole',
    water_litres: 20 * members.length + 0.5,
    dwelling_photo: `dwelling-${n}.jpg`,
    phone: '+226 70 00 00 00',
    comments: n % 3 === 0 ? 'line one\nline two' : null,
  };
}
