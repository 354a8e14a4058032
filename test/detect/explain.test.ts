import { describe, expect, it } from 'vitest';
import { type AlarmFacts, explainAlarm, explainTrend } from '../../src/detect/explain.ts';

const facts = (over: Partial<AlarmFacts>): AlarmFacts => ({
  drug: { en: 'fentanyl', es: 'fentanilo' },
  place: { en: 'Arizona', es: 'Arizona' },
  measure: 'deaths',
  periodEnd: '2024-01-31',
  method: 'Noufaily',
  detectedOn: 'value',
  observed: 1234,
  expected: 1000.4,
  threshold: 1150.6,
  baseline: ['2021-01-31', '2023-06-30'],
  ...over,
});

describe('alarm sentences name what the series counts', () => {
  const cases: [string, Partial<AlarmFacts>, string, string][] = [
    [
      'deaths',
      {},
      'Fentanyl deaths in Arizona, January 2024: 1,234 deaths (expected 1,000, threshold 1,151). Noufaily; baseline Jan 2021–Jun 2023.',
      'Muertes por fentanilo en Arizona, enero de 2024: 1,234 muertes (esperado 1,000, umbral 1,151). Noufaily; línea base ene 2021–jun 2023.',
    ],
    [
      'deaths by intent',
      { measure: 'deaths_unintentional', drug: { en: 'drug-related', es: 'relacionadas con drogas' } },
      'Drug-related deaths in Arizona, January 2024: 1,234 deaths',
      'Muertes por relacionadas con drogas en Arizona, enero de 2024: 1,234 muertes',
    ],
    [
      'narcomenudeo investigations',
      {
        measure: 'investigations',
        drug: { en: 'narcomenudeo', es: 'narcomenudeo' },
        place: { en: 'Sonora', es: 'Sonora' },
        method: 'Farrington',
      },
      'Narcomenudeo investigations in Sonora, January 2024: 1,234 investigations (expected 1,000, threshold 1,151). Farrington;',
      'Carpetas de investigación por narcomenudeo en Sonora, enero de 2024: 1,234 carpetas (esperado 1,000, umbral 1,151). Farrington;',
    ],
    [
      'federal drug-crime investigations',
      { measure: 'investigations', drug: { en: 'crimes against health', es: 'delitos contra la salud' } },
      'Crimes against health investigations in Arizona, January 2024: 1,234 investigations',
      'Carpetas de investigación por delitos contra la salud en Arizona, enero de 2024: 1,234 carpetas',
    ],
    [
      'seizure events',
      { measure: 'seizure_events', place: { en: 'San Diego Field Office', es: 'Oficina de San Diego' } },
      'Fentanyl seizure events in San Diego Field Office, January 2024: 1,234 seizure events (expected 1,000,',
      'Eventos de aseguramiento de fentanilo en Oficina de San Diego, enero de 2024: 1,234 eventos (esperado 1,000,',
    ],
    [
      'kilograms seized',
      { measure: 'seizure_kg', observed: 12.34, expected: 4.06, threshold: 9.96, method: 'EARS C2' },
      'Fentanyl seized in Arizona, January 2024: 12.3 kg (expected 4.1, threshold 10). EARS C2;',
      'Aseguramientos de fentanilo en Arizona, enero de 2024: 12.3 kg (esperado 4.1, umbral 10). EARS C2;',
    ],
    [
      'pills seized',
      { measure: 'seizure_pills', observed: 5000 },
      'Fentanyl pills seized in Arizona, January 2024: 5,000 pills',
      'Pastillas de fentanilo aseguradas en Arizona, enero de 2024: 5,000 pastillas',
    ],
    [
      'a measure with no words of its own',
      { measure: 'naloxone_units', drug: { en: 'naloxone', es: 'naloxona' }, observed: 1.25 },
      'Naloxone (naloxone_units) in Arizona, January 2024: 1.3 (naloxone_units)',
      'Naloxona (naloxone_units) en Arizona, enero de 2024: 1.3 (naloxone_units)',
    ],
    [
      '12-month-ending deaths',
      { detectedOn: 'rolling_sum_increment', observed: 42, expected: -3, threshold: 30, method: 'EARS C1' },
      'Fentanyl deaths in Arizona, January 2024: +42 deaths vs January 2023 (expected -3, threshold +30). EARS C1 on the monthly change of the 12-month-ending count;',
      'Muertes por fentanilo en Arizona, enero de 2024: +42 muertes frente a enero de 2023 (esperado -3, umbral +30). EARS C1 sobre el cambio mensual del conteo de 12 meses;',
    ],
  ];
  it.each(cases)('%s', (_, over, en, es) => {
    expect(explainAlarm(facts(over), 'en').slice(0, en.length)).toBe(en);
    expect(explainAlarm(facts(over), 'es').slice(0, es.length)).toBe(es);
  });

  it('says that EARS C3 sums three periods, so a period below its threshold does not read as a contradiction', () => {
    const carried = facts({
      detectedOn: 'rolling_sum_increment',
      method: 'EARS C3',
      observed: -11,
      expected: 8,
      threshold: 20,
    });
    expect(explainAlarm(carried, 'en')).toContain(
      '(expected +8, threshold +20). EARS C3 on the monthly change of the 12-month-ending count; baseline Jan 2021–Jun 2023. EARS C3 adds up the excess over the last three periods: this period alone is not above its threshold, the two before it carry the alarm.',
    );
    expect(explainAlarm(carried, 'es')).toContain(
      'EARS C3 suma el exceso de los últimos tres periodos: este periodo por sí solo no supera su umbral, los dos anteriores sostienen la alarma.',
    );
    const above = explainAlarm(facts({ method: 'EARS C3', observed: 30, expected: 8, threshold: 20 }), 'en');
    expect(above).toContain('EARS C3 adds up the excess over the last three periods.');
    expect(above).not.toContain('carry the alarm');
    expect(explainAlarm(facts({ method: 'EARS C2', observed: 5, threshold: 20 }), 'en')).not.toContain(
      'three',
    );
  });

  it('writes one death, never "1 deaths", and names methods in Spanish in Spanish sentences', () => {
    const one = facts({ detectedOn: 'rolling_sum_increment', observed: 1, expected: -2, threshold: 0.5 });
    expect(explainAlarm(one, 'en')).toContain(': +1 death vs January 2023');
    expect(explainAlarm(one, 'es')).toContain(': +1 muerte frente a enero de 2023');
    expect(explainAlarm(facts({ measure: 'investigations', observed: 1 }), 'es')).toContain(': 1 carpeta (');
    const nssp = facts({ method: 'NSSP regression/EWMA switch' });
    expect(explainAlarm(nssp, 'en')).toContain('NSSP regression/EWMA switch;');
    expect(explainAlarm(nssp, 'es')).toContain('NSSP regresión/EWMA (alternancia);');
    expect(explainAlarm(nssp, 'es')).not.toMatch(/regression|switch;/);
  });

  it('says investigations in trend sentences too', () => {
    const trend = {
      drug: { en: 'narcomenudeo', es: 'narcomenudeo' },
      place: { en: 'Baja California', es: 'Baja California' },
      measure: 'investigations',
      from: '2019-01-31',
      to: '2022-05-31',
      pctChange: 1.23,
      lower: 0.5,
      upper: 2,
      rolling: false,
    };
    expect(explainTrend(trend, 'en')).toBe(
      'Narcomenudeo investigations in Baja California: +1.2% a month from January 2019 to May 2022 (95% CI +0.5% to +2.0%).',
    );
    expect(explainTrend(trend, 'es')).toBe(
      'Carpetas de investigación por narcomenudeo en Baja California: +1.2% al mes de enero de 2019 a mayo de 2022 (IC 95% +0.5% a +2.0%).',
    );
  });
});
