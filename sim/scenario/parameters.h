#pragma once
// The one table of model parameters (STYLE.md rule 6). Validation, `multivector params`, the
// model document's parameter table and the CSV headers all read kParameters; nothing else
// declares a parameter. Each row: name, default, lower bound, upper bound, unit, description,
// source (a seed document or a named outside source; "assumption" says what range covers).
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mv {

// clang-format off
#define MV_PARAMETERS(X) \
  /* Kazakhstan: initial alignment (normalised onto the simplex after sampling) */ \
  X(initial_alignment_russia, 0.40, 0.0, 1.0, "weight", "Kazakhstan's initial alignment weight on Russia (before normalisation)", "trade share 2022 ~19-20% (Kazakh officials via news reports, 2023) plus Russia's paramount security role (seeds/004); range 0.35-0.50 is an assumption") \
  X(initial_alignment_china, 0.25, 0.0, 1.0, "weight", "Kazakhstan's initial alignment weight on China", "trade 2022 $24bn Kazakh / $31.2bn Chinese data (news reports, 2023); 52 projects >$21.2bn (seeds/004)") \
  X(initial_alignment_eu, 0.28, 0.0, 1.0, "weight", "Kazakhstan's initial alignment weight on the EU (with the US)", "EU ~30% of trade (news reports, 2023); EU+US 63% of 2022 FDI inflow (Kazakh government, 2023-24)") \
  X(initial_alignment_turkey, 0.07, 0.0, 1.0, "weight", "Kazakhstan's initial alignment weight on Turkey", "trade 2022 $6.3bn ~5% (news reports, 2023); intelligence agreement Aug 2022 (seeds/001)") \
  /* Kazakhstan: decision rule */ \
  X(hedging_premium, 0.25, 0.0, 2.0, "utility/nat", "Value of autonomy: weight on the entropy of the alignment vector (multi-vector doctrine)", "seeds/004 (Tokayev: 'we simply have to pursue a multi-vector foreign policy'); range 0.15-0.40 is an assumption") \
  X(max_alignment_step, 0.01, 0.0, 0.5, "share/month", "Largest monthly change of alignment (total variation): recalibration, not rupture", "seeds/001 ('cautious watering down of ties rather than a complete departure'); range 0.005-0.02 is an assumption") \
  X(security_weight, 0.35, 0.0, 5.0, "utility", "Weight of security ties (CSTO, guarantees) against economic ties in Kazakhstan's utility", "seeds/002, seeds/003 (security concerns drive diplomacy); assumption, range 0.2-0.5") \
  X(russia_security_role, 0.35, 0.0, 1.0, "utility", "Security value of Russia to Kazakhstan while in the CSTO", "seeds/004 (Russia's security influence 'remains paramount'); seeds/001 (CSTO troops, Jan 2022); assumption, range 0.2-0.5") \
  X(fdi_weight, 0.5, 0.0, 2.0, "utility", "Weight of a partner's FDI share relative to its trade share", "seeds/004 ('over $500 billion involved in our economy'); assumption, range 0.3-0.8") \
  X(trade_share_russia, 0.20, 0.0, 1.0, "share", "Russia's share of Kazakhstan's foreign trade", "$26.1bn, ~19-20% in 2022 (Kazakh officials via news reports, 2023)") \
  X(trade_share_china, 0.20, 0.0, 1.0, "share", "China's share of Kazakhstan's foreign trade", "$24bn Kazakh data, $31.2bn Chinese data, 2022 (news reports, 2023): 18-23%") \
  X(trade_share_eu, 0.30, 0.0, 1.0, "share", "The EU's share of Kazakhstan's foreign trade", "~$40bn, ~30% in 2022 (Kazakh officials via news reports, 2023)") \
  X(trade_share_turkey, 0.05, 0.0, 1.0, "share", "Turkey's share of Kazakhstan's foreign trade", "$6.3bn in 2022 (Kazakh officials via news reports, 2023)") \
  X(fdi_share_russia, 0.054, 0.0, 1.0, "share", "Russia's share of gross FDI inflow", "$1.5bn of $28.0bn in 2022 (Kazakh government, 2023-24)") \
  X(fdi_share_china, 0.05, 0.0, 1.0, "share", "China's share of gross FDI inflow", "$1.4bn of $28.0bn in 2022 (Kazakh government, 2023-24)") \
  X(fdi_share_eu, 0.63, 0.0, 1.0, "share", "EU plus US share of gross FDI inflow (also Kazakhstan's exposure to Western finance)", "EU $12.5bn + US $5.1bn of $28.0bn in 2022 (Kazakh government, 2023-24)") \
  X(fdi_share_turkey, 0.03, 0.0, 1.0, "share", "Turkey's share of gross FDI inflow", "assumption, range 0.01-0.05 (not itemised in the 2022 figures)") \
  X(compliance_initial, 0.75, 0.0, 1.0, "share", "Initial compliance with US/EU sanctions on Russia", "seeds/002 (complied to avoid secondary sanctions), seeds/001 (pledge not to help circumvent); range 0.6-0.9 is an assumption") \
  X(compliance_step, 0.05, 0.0, 1.0, "share/month", "Largest monthly change of sanctions compliance", "assumption, range 0.02-0.1 (compliance is administrative, faster than alignment)") \
  /* Oil export routes (weaponized interdependence) */ \
  X(oil_exports_mt, 64.3, 1.0, 200.0, "Mt/year", "Kazakhstan's crude oil exports", "64.3 Mt in 2022 (Kazakh Energy Ministry via Astana Times, Jan 2023)") \
  X(russian_route_share_initial, 0.85, 0.0, 1.0, "share", "Share of oil exports through Russia (CPC and Atyrau-Samara) at the start", "seeds/001 ('vast majority'); CPC 52.2 of 64.3 Mt = 81% (Energy Ministry via Astana Times 2023; Reuters 2023), ~80% via CPC (Tokayev, July 2022): range 0.80-0.93") \
  X(alt_capacity_max_mt, 22.0, 0.0, 200.0, "Mt/year", "Ceiling of alternative (non-Russian) export capacity reachable by the horizon", "Aktau-BTC target 6-6.5 Mt/yr (KazMunayGas-SOCAR deal, 2022) plus Trans-Caspian and China routes (seeds/003); assumption, range 15-30 (above today's ~8-13 Mt/yr)") \
  X(corridor_build_lag_months, 36.0, 1.0, 120.0, "months", "Lag between investing in a corridor and its capacity coming on line", "brief ('grows with investment and a lag of years'); Aktau-BTC agreed 2022, 1.5 Mt/yr from 2023 (KMG-SOCAR 2022); assumption, range 18-48") \
  X(corridor_cost_bn_per_mt, 0.5, 0.01, 10.0, "$bn per Mt/year", "Investment needed per Mt/year of new alternative capacity", "assumption, range 0.2-1.0 (tankers, port and pipeline capacity on the Middle Corridor)") \
  X(corridor_investment_base_bn, 0.03, 0.0, 5.0, "$bn/month", "Corridor investment Kazakhstan makes without any perceived route risk", "seeds/002, seeds/003 (Tokayev seeks EU help for trans-Caspian corridors); assumption, range 0.01-0.05") \
  X(route_risk_sensitivity, 0.15, 0.0, 5.0, "$bn/month per unit risk", "Extra corridor investment per unit of perceived Russian-route risk", "seeds/001 ('the incident exposed the risks of dependence on Russia'); assumption, range 0.05-0.3") \
  X(route_risk_half_life_months, 24.0, 1.0, 240.0, "months", "Half-life of the perceived risk of the Russian route after a disruption", "assumption, range 12-36") \
  X(oil_revenue_bn_per_mt, 0.6, 0.05, 5.0, "$bn/Mt", "Export revenue per Mt of crude", "7.33 bbl/t at Brent $60-100/bbl (EIA, 2022-2024): range 0.45-0.75") \
  X(oil_price_volatility, 0.08, 0.0, 1.0, "log/month", "Monthly standard deviation of the log oil price shock", "Brent monthly log-return sd ~0.08-0.10 (EIA, 2015-2024)") \
  X(pipeline_channel_share, 0.5, 0.0, 1.0, "probability", "Chance that a Russian coercive move uses the pipeline when all exports go through Russia", "seeds/003 (Moscow 'likely to use its control of pipelines, its propaganda apparatus'); assumption, range 0.3-0.7") \
  X(suspension_severity, 0.5, 0.0, 1.0, "share", "Share of Russian-route flow halted by a suspension", "seeds/001, seeds/003 (CPC halted by a court, July 2022); assumption, range 0.2-1.0") \
  X(suspension_mean_months, 1.0, 1.0, 24.0, "months", "Mean length of an endogenous pipeline suspension", "seeds/003 (ordered 'initially for one month'), seeds/001 ('quickly resolved'); assumption, range 1-3") \
  /* Great powers */ \
  X(russia_attention, 0.35, 0.0, 1.0, "share", "Share of Russia's capacity available for Central Asia while at war", "seeds/000, seeds/001 (Russia 'absorbed' by its attack on Ukraine, losing influence); assumption, range 0.2-0.5") \
  X(russia_attention_peace, 0.9, 0.0, 1.0, "share", "Russia's attention once no longer distracted (after a war_ends event)", "seeds/001 (before the war the Turkey deal 'would have been a major blow'); assumption, range 0.8-1.0") \
  X(desired_alignment_russia, 0.60, 0.0, 1.0, "share", "Alignment share Russia wants of Kazakhstan", "seeds/002, seeds/003 ('Russian World', 'Kazakhstan is a Russian-speaking country'); assumption, range 0.5-0.7") \
  X(desired_alignment_china, 0.30, 0.0, 1.0, "share", "Alignment share China wants", "seeds/004 (China plays 'a financial and economic role'); assumption, range 0.25-0.4") \
  X(desired_alignment_eu, 0.40, 0.0, 1.0, "share", "Alignment share the EU (with the US) wants", "seeds/004 (Borrell urges alignment with the West), seeds/000; assumption, range 0.3-0.5") \
  X(desired_alignment_turkey, 0.12, 0.0, 1.0, "share", "Alignment share Turkey wants", "seeds/000, seeds/001 (intelligence agreement, Turkic ties); assumption, range 0.08-0.2") \
  X(resolve_russia, 0.7, 0.0, 1.0, "weight", "How much Russia cares about Kazakhstan's alignment", "seeds/002 (hostile Russian rhetoric), seeds/003; assumption, range 0.5-0.9") \
  X(resolve_china, 0.4, 0.0, 1.0, "weight", "How much China cares", "seeds/002 (Xi's pledge, Xinjiang and BRI stakes), seeds/004; assumption, range 0.3-0.6") \
  X(resolve_eu, 0.5, 0.0, 1.0, "weight", "How much the EU (with the US) cares", "seeds/003, seeds/004 (Global Gateway, Borrell in Samarkand); assumption, range 0.3-0.6") \
  X(resolve_turkey, 0.3, 0.0, 1.0, "weight", "How much Turkey cares", "seeds/000, seeds/001; assumption, range 0.2-0.4") \
  X(leverage_russia, 0.8, 0.0, 2.0, "utility", "Coercive leverage of Russia (route control, trade, security presence, media reach)", "seeds/001, seeds/003 (pipelines, propaganda), border 7,644 km (seeds/003); assumption, range 0.6-1.0") \
  X(leverage_china, 0.4, 0.0, 2.0, "utility", "Coercive leverage of China", "seeds/004 (investment stock, 52 projects); assumption, range 0.3-0.5") \
  X(leverage_eu, 0.5, 0.0, 2.0, "utility", "Coercive leverage of the EU (with the US): secondary sanctions, finance", "seeds/002 (secondary sanctions), FDI share (Kazakh government, 2023-24); assumption, range 0.4-0.7") \
  X(leverage_turkey, 0.15, 0.0, 2.0, "utility", "Coercive leverage of Turkey", "assumption, range 0.1-0.2 (small trade share, corridor transit)") \
  X(choice_precision, 10.0, 0.0, 100.0, "1/utility", "Precision of the powers' logit (quantal response) choice", "McKelvey & Palfrey (1995) logit QRE; assumption, range 8-15") \
  X(action_cost, 0.3, 0.0, 2.0, "utility", "Cost of any active move for a power at full attention (scaled up by 1/attention); sets how rarely powers act", "assumption, range 0.2-0.4 (major moves a few times a year, as in 2022 per seeds/001-003)") \
  X(coercion_cost_growth, 0.15, 0.0, 2.0, "utility", "Rise in a power's leverage cost each time it coerces (reputation, lost transit fees)", "seeds/001 ('we don't see anything that Russia can do'); assumption, range 0.1-0.3") \
  X(engagement_effect, 0.05, 0.0, 1.0, "utility", "Economic pull added by one engagement move (investment, trade deal)", "seeds/004 (52 Chinese projects), seeds/003 (EU Global Gateway); assumption, range 0.03-0.08") \
  X(engagement_half_life_months, 12.0, 1.0, 240.0, "months", "Half-life of an engagement's economic pull", "assumption, range 6-24") \
  X(guarantee_strength_china, 0.6, 0.0, 1.0, "credibility", "Credibility of a Chinese territorial-integrity pledge when issued", "seeds/001, seeds/002 (Xi, 14 Sept 2022: 'strong support ... territorial integrity'); assumption, range 0.4-0.8") \
  X(guarantee_strength_turkey, 0.35, 0.0, 1.0, "credibility", "Credibility of a Turkish guarantee when issued", "seeds/000 (guarantees from China and Turkey), seeds/001 (intelligence agreement); assumption, range 0.2-0.5") \
  X(guarantee_strength_eu, 0.2, 0.0, 1.0, "credibility", "Credibility of an EU (Western) security pledge when issued", "seeds/002 (Tokayev seeks Western backing at the UN); assumption, range 0.1-0.3") \
  X(guarantee_half_life_months, 36.0, 1.0, 600.0, "months", "Half-life of a guarantee's credibility without renewal", "Fearon (1997) on costly signals; assumption, range 24-60") \
  X(bandwagon_strength, 0.3, 0.0, 5.0, "utility", "Pull toward a coercer when Kazakhstan has no outside guarantee (bandwagoning)", "Walt (1987); seeds/001 ('cautious not to anger their belligerent neighbor'); assumption, range 0.2-0.4") \
  X(backfire_strength, 0.35, 0.0, 5.0, "utility", "Push away from a coercer when guarantees exist (balancing, coercion backfires)", "Walt (1987); seeds/003 (Goble: Astana will 'seek closer relations with the West'); assumption, range 0.2-0.5") \
  /* Sanctions */ \
  X(sanctions_threat_credibility, 0.45, 0.0, 1.0, "probability", "Credibility of the US/EU threat of secondary sanctions", "seeds/002 (complied 'to avoid secondary sanctions'); assumption, range 0.3-0.6") \
  X(sanctions_response, 3.0, 0.0, 20.0, "logit/unit", "How strongly compliance responds to the sanctions threat (logit slope)", "assumption, range 2-5") \
  X(displeasure_per_compliance, 0.5, 0.0, 2.0, "share", "Russia's displeasure per unit of Kazakh sanctions compliance", "seeds/002 (Astana refuses to circumvent sanctions 'despite Moscow's pleas'); assumption, range 0.3-0.7") \
  /* Domestic politics (aggregate in this version; the citizen layer refines it) */ \
  X(legitimacy_initial, 0.55, 0.0, 1.0, "share", "Government legitimacy at the start (after the January 2022 unrest)", "seeds/001 ('social causes of the January riots have not gone away'); assumption, range 0.4-0.7") \
  X(hardship_baseline, 0.30, 0.0, 1.0, "share", "Economic hardship in normal times", "seeds/001, seeds/004 (fuel-price protests, Jan 2022); assumption, range 0.2-0.4") \
  X(hardship_sensitivity, 2.0, 0.0, 20.0, "share per share", "Rise in hardship per unit of lost export revenue share or economic shock", "assumption, range 1-3") \
  X(gdp_growth_trend, 0.035, -0.1, 0.2, "1/year", "Trend real GDP growth", "IMF WEO (2023): 3.2% in 2022, 5.1% in 2023; range 0.02-0.05") \
  X(growth_volatility, 0.015, 0.0, 0.2, "1/year", "Standard deviation of annual growth around its trend (persistent AR(1) shocks)", "IMF WEO: Kazakh real growth 2010-2023 ranged about -2.5% to 7%; assumption, range 0.01-0.025") \
  X(growth_buffer, 2.0, 0.0, 50.0, "share per growth", "Fall in hardship per unit of annual growth above trend (growth as a bulwark)", "seeds/001 (Tukumov: growth 'is a bulwark against political instability'); assumption, range 1-3") \
  X(unrest_threshold, 0.35, 0.0, 1.0, "grievance", "Mean protest threshold: grievance H(1-L) at which the median citizen would protest", "Epstein (2002) threshold; seeds/001, seeds/003 (January 2022 unrest); assumption, range 0.3-0.4") \
  X(ethnic_russian_share, 0.18, 0.0, 1.0, "share", "Ethnic Russian share of the population", "seeds/002 (3.5 million, 18%); 2021 census 15.5%: range 0.155-0.18") \
  X(opinion_russia_initial, 0.45, 0.0, 1.0, "share", "Public opinion toward Russia (0 hostile, 1 favourable)", "seeds/000 ('many Kazakhs actually support Ukraine'), seeds/002 (polarised society); assumption, range 0.35-0.55") \
  X(propaganda_effect, 0.05, 0.0, 1.0, "share/month", "Monthly rate at which media (Russian state media and domestic media) move a citizen's opinion", "seeds/002 ('many Russians have been influenced by Kremlin propaganda'), seeds/000; assumption, range 0.02-0.08") \
  /* Citizens: opinion dynamics, media, protest (the population layer) */ \
  X(opinion_gap_ethnic, 0.25, 0.0, 1.0, "opinion", "Initial gap in opinion toward Russia between ethnic Russians and ethnic Kazakhs", "seeds/002 ('the war has polarized society'); assumption, range 0.15-0.35") \
  X(opinion_spread, 0.15, 0.0, 0.5, "opinion", "Standard deviation of initial opinions within an ethnic group", "assumption, range 0.1-0.2") \
  X(confidence_bound, 0.2, 0.0, 1.0, "opinion", "Bounded confidence: citizens influence each other only if their opinions differ by less than this", "Deffuant et al. (2000) epsilon; assumption, range 0.1-0.3") \
  X(convergence_rate, 0.3, 0.0, 0.5, "share", "Bounded confidence: how far each moves toward the other after a contact", "Deffuant et al. (2000) mu; assumption, range 0.2-0.5") \
  X(russian_media_share_ethnic_russian, 0.45, 0.0, 1.0, "share", "Share of Russian state media in the media diet of ethnic Russians", "seeds/002 ('many Russians have been influenced by Kremlin propaganda'); assumption, range 0.3-0.6") \
  X(russian_media_share_kazakh, 0.15, 0.0, 1.0, "share", "Share of Russian state media in the media diet of ethnic Kazakhs", "seeds/000 ('many Kazakhs actually support Ukraine'); assumption, range 0.05-0.25") \
  X(propaganda_baseline, 0.3, 0.0, 1.0, "intensity", "Intensity of Russian state media toward Kazakhstan without a campaign", "seeds/000 ('overt misinformation and propaganda'), seeds/003 ('its propaganda apparatus'); assumption, range 0.2-0.4") \
  X(domestic_media_strength, 0.3, 0.0, 1.0, "intensity", "Pull of Kazakh domestic media toward its own (cooler) view of Russia", "seeds/003 (Astana's 'more nationalistic policy at home'); assumption, range 0.2-0.4") \
  X(coercion_alienation, 0.1, 0.0, 1.0, "opinion/month", "Fall in ethnic Kazakhs' opinion of Russia per unit of visible Russian coercion", "seeds/000 ('beginning to understand the true extent of Russian malevolence'); assumption, range 0.05-0.15") \
  X(threshold_sd, 0.08, 0.0, 0.5, "grievance", "Spread of citizens' protest thresholds around unrest_threshold", "Granovetter (1978) normally distributed thresholds; assumption, range 0.05-0.12") \
  X(protest_contagion, 0.1, 0.0, 1.0, "grievance", "Extra grievance felt per unit of last month's protest participation in one's region (threshold cascade)", "Granovetter (1978); assumption, range 0.05-0.15") \
  X(separatism_opinion_cut, 0.8, 0.5, 1.0, "opinion", "Opinion toward Russia at which a northern ethnic Russian's separatist propensity reaches one half (logistic, width 0.05)", "seeds/000 (north compared with Crimea and Donbas); assumption, range 0.75-0.85") \
  X(migration_hardship, 3.0, 0.0, 50.0, "hardship per share", "Hardship added per unit of arrivals as a share of the population, weighted by region (most in the capitals and the north: rents, prices)", "seeds/000, seeds/001 (~200,000 arrivals, Sept-Oct 2022); assumption, range 1-5") \
  X(two_level_weight, 0.3, 0.0, 5.0, "utility", "Weight of public opinion in the government's choice (two-level game)", "Putnam (1988); seeds/003 (Astana 'will likely pursue a more nationalistic policy at home'); assumption, range 0.1-0.5") \
  /* Crises and memberships */ \
  X(crisis_hazard_scale, 0.01, 0.0, 1.0, "1/month", "Monthly crisis probability per unit of international tension", "seeds/001 (forcing a choice 'leads to possible conflict'); assumption, range 0.005-0.02") \
  X(forced_choice_tension, 1.5, 0.0, 10.0, "tension", "Tension added by a demand for an exclusive choice at full intensity", "seeds/001, seeds/004 (Borrell: 'absence of choice can come at a cost'); assumption, range 1-2") \
  X(intervention_hazard, 0.3, 0.0, 1.0, "probability", "Chance that a crisis with full separatist sentiment and attention becomes a Russian 'protection' intervention", "seeds/000 (north 'shares many similarities with Crimea, Luhansk, and Donetsk'); assumption, range 0.1-0.5") \
  X(csto_exit_alignment, 0.12, 0.0, 1.0, "share", "Alignment with Russia below which Kazakhstan considers leaving the CSTO", "seeds/002 (rumours of leaving the CSTO denied); assumption, range 0.08-0.15") \
  X(csto_exit_hazard, 0.05, 0.0, 1.0, "1/month", "Monthly chance of leaving the CSTO once below that alignment", "assumption, range 0.02-0.1")
// clang-format on

enum class Param : int {
#define MV_X(name, ...) name,
  MV_PARAMETERS(MV_X)
#undef MV_X
};

inline constexpr int kNumParams = 0
#define MV_X(...) +1
    MV_PARAMETERS(MV_X)
#undef MV_X
    ;

/// One row of the parameter table.
struct ParamSpec {
  std::string_view name;
  double default_value;
  double lower;
  double upper;
  std::string_view unit;
  std::string_view description;
  std::string_view source;
};

inline constexpr std::array<ParamSpec, kNumParams> kParameters = {{
#define MV_X(name, def, lo, hi, unit, desc, src) ParamSpec{#name, def, lo, hi, unit, desc, src},
    MV_PARAMETERS(MV_X)
#undef MV_X
}};

inline const ParamSpec& spec(Param p) {
  return kParameters[static_cast<int>(p)];
}
std::optional<Param> find_param(std::string_view name);
std::vector<std::string> param_names();

/// A sampled value for every parameter of one replicate.
struct ParamValues {
  std::array<double, kNumParams> v{};
  double operator[](Param p) const { return v[static_cast<int>(p)]; }
  double& operator[](Param p) { return v[static_cast<int>(p)]; }
  static ParamValues defaults();
};

}  // namespace mv
