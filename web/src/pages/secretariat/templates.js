// Rule-set templates from docs/eligibility.md (tests/elig/*.json): the API has
// no template endpoint, so the real programmes' rule sets are offered here.
export const RULE_TEMPLATES = [
  { id: 'eurostars', key: 'secretariat.tpl.eurostars', funding_mode: 'virtual_common_pot',
    rules: { min_partners: 2, min_countries: 2, lead_type: { types: ['sme'] }, min_share_by_type: { type: 'sme', basis_points: 5000 }, max_share_per_organisation: { basis_points: 7000 }, max_share_per_country: { basis_points: 7000 }, duration_months: { max: 36 } } },
  { id: 'belmont', key: 'secretariat.tpl.belmont', funding_mode: 'virtual_common_pot',
    rules: { min_countries: 3, participating_countries: { allow_own_expense: true }, duration_months: { max: 36 } } },
  { id: 'cost', key: 'secretariat.tpl.cost', funding_mode: 'real_common_pot',
    rules: { min_countries: 7, target_country_quota: { countries: ['AL', 'BA', 'BG', 'HR', 'CY', 'CZ', 'EE', 'GE', 'GR', 'HU', 'LV', 'LT', 'MT', 'MD', 'ME', 'MK', 'PL', 'PT', 'RO', 'RS', 'SK', 'SI', 'TR', 'UA'], basis_points: 5000 }, duration_months: { max: 48 } } },
  { id: 'empty', key: 'secretariat.tpl.empty', funding_mode: 'virtual_common_pot', rules: { min_partners: 2, min_countries: 2 } },
];
