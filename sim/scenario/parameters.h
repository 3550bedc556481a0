#pragma once
// The one table of model parameters (STYLE.md rule 6). Validation, `multivector params`, the
// model document's parameter table and the CSV headers all read kParameters; nothing else
// declares a parameter. Each row: name, default, lower bound, upper bound, prior (the range of a
// uniform distribution a scenario draws from unless it says otherwise; equal ends: fixed at that
// value), unit, description, source (keys of docs/sources.md in brackets; "assumption" says what
// the range covers).
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mv {

// clang-format off
#define MV_PARAMETERS(X) \
  X(initial_alignment_russia, 0.40, 0.0, 1.0, 0.35, 0.5, "weight", "Kazakhstan's initial alignment weight on Russia (before normalisation)", "trade share 2022 ~19-20% ([JJTV2023russia], [AstanaTimes2023eu], [Trend2024turkey]) plus Russia's paramount security role ([Bhadrakumar2022]); range 0.35-0.50 is an assumption") \
  X(initial_alignment_china, 0.25, 0.0, 1.0, 0.2, 0.3, "weight", "Kazakhstan's initial alignment weight on China", "trade 2022 $24bn Kazakh / $31.2bn Chinese data ([Trend2023china]); 52 projects >$21.2bn ([Bhadrakumar2022])") \
  X(initial_alignment_eu, 0.28, 0.0, 1.0, 0.22, 0.32, "weight", "Kazakhstan's initial alignment weight on the EU (with the US)", "EU ~30% of trade ([Trend2023china]); EU+US 63% of 2022 FDI inflow ([TASS2023fdi]; [Trend2023fdi])") \
  X(initial_alignment_turkey, 0.07, 0.0, 1.0, 0.05, 0.09, "weight", "Kazakhstan's initial alignment weight on Turkey", "trade 2022 $6.3bn ~5% ([Trend2023china]); intelligence agreement Aug 2022 ([FT2022])") \
  X(hedging_premium, 0.3, 0.0, 2.0, 0.2, 0.45, "utility/nat", "Value of autonomy: weight on the entropy of the alignment vector (multi-vector doctrine)", "[Bhadrakumar2022] (Tokayev: 'we simply have to pursue a multi-vector foreign policy'); range 0.2-0.45 is an assumption (a doctrine stated as a necessity: no partner may dominate)") \
  X(max_alignment_step, 0.01, 0.0, 0.5, 0.005, 0.02, "share/month", "Largest monthly change of alignment (total variation): recalibration, not rupture", "[FT2022] ('cautious watering down of ties rather than a complete departure'); range 0.005-0.02 is an assumption") \
  X(security_weight, 0.35, 0.0, 5.0, 0.2, 0.5, "utility", "Weight of security ties (CSTO, guarantees) against economic ties in Kazakhstan's utility", "[EDM2022], [Dorsey2022] (security concerns drive diplomacy); assumption, range 0.2-0.5") \
  X(russia_security_role, 0.35, 0.0, 1.0, 0.2, 0.5, "utility", "Security value of Russia to Kazakhstan while in the CSTO", "[Bhadrakumar2022] (Russia's security influence 'remains paramount'); [FT2022] (CSTO troops, Jan 2022); assumption, range 0.2-0.5") \
  X(fdi_weight, 0.5, 0.0, 2.0, 0.3, 0.8, "utility", "Weight of a partner's FDI share relative to its trade share", "[Bhadrakumar2022] ('over $500 billion involved in our economy'); assumption, range 0.3-0.8") \
  X(trade_share_russia, 0.193, 0.0, 1.0, 0.192, 0.193, "share", "Russia's share of Kazakhstan's foreign trade at the start", "19.2-19.3% in 2022 ([JJTV2023russia]; [BNS2026trade])") \
  X(trade_share_china, 0.178, 0.0, 1.0, 0.177, 0.179, "share", "China's share of Kazakhstan's foreign trade at the start (Kazakh data)", "17.8% in 2022 ([BNS2026trade]; [Trend2023china]); Chinese customs data give more (data/observed/trade.csv)") \
  X(trade_share_eu, 0.294, 0.0, 1.0, 0.294, 0.3, "share", "The EU's share of Kazakhstan's foreign trade at the start", "29.4-30% in 2022 ([AstanaTimes2023eu]; [BNS2026trade])") \
  X(trade_share_turkey, 0.046, 0.0, 1.0, 0.046, 0.046, "share", "Turkey's share of Kazakhstan's foreign trade at the start", "4.6% in 2022 ([Trend2024turkey]; [BNS2026trade])") \
  X(fdi_share_russia, 0.054, 0.0, 1.0, 0.054, 0.054, "share", "Russia's share of gross FDI inflow", "$1.5bn of $28.0bn in 2022 ([TASS2023fdi]; [Trend2023fdi])") \
  X(fdi_share_china, 0.05, 0.0, 1.0, 0.05, 0.05, "share", "China's share of gross FDI inflow", "$1.4bn of $28.0bn in 2022 ([TASS2023fdi]; [Trend2023fdi])") \
  X(fdi_share_eu, 0.63, 0.0, 1.0, 0.63, 0.63, "share", "EU plus US share of gross FDI inflow (also Kazakhstan's exposure to Western finance)", "EU $12.5bn + US $5.1bn of $28.0bn in 2022 ([TASS2023fdi]; [Trend2023fdi])") \
  X(fdi_share_turkey, 0.03, 0.0, 1.0, 0.01, 0.05, "share", "Turkey's share of gross FDI inflow", "assumption, range 0.01-0.05 (not itemised in the 2022 figures)") \
  X(trade_turnover_bn, 135.5, 1.0, 1000.0, 135.5, 135.5, "$bn/year", "Kazakhstan's total foreign trade turnover at the start", "$135.5bn in 2022 ([BNS2026trade])") \
  X(trade_growth_china, 0.17, -0.5, 1.0, 0.1, 0.25, "1/year", "Initial trend growth of China's trade with Kazakhstan relative to the rest (BRI projects, transit); it fades with trade_trend_half_life_years", "[Bhadrakumar2022] (52 Chinese projects); Kazakh data: +34% in 2022, +30% in 2023 ([Trend2023china]); assumption, range 0.1-0.25") \
  X(trade_trend_half_life_years, 1.5, 0.5, 50.0, 1, 2, "years", "Half-life of China's relative trade growth (catch-up, not a permanent trend)", "assumption, range 1-2")  \
  X(trade_alignment_elasticity, 0.5, 0.0, 10.0, 0.2, 0.8, "log volume per share", "Change in a partner's log trade volume per unit change of Kazakhstan's alignment with it (politics follows trade and trade follows politics)", "assumption, range 0.2-0.8") \
  X(trade_engagement_elasticity, 1.0, 0.0, 10.0, 0.5, 2, "log volume per utility", "Change in a partner's log trade volume per unit of its engagement (investment, trade deals)", "[Bhadrakumar2022] (BRI projects, Global Gateway); assumption, range 0.5-2") \
  X(compliance_initial, 0.75, 0.0, 1.0, 0.6, 0.9, "share", "Compliance with US/EU sanctions on Russia at the start", "[EDM2022] (complied to avoid secondary sanctions), [FT2022] (pledge not to help circumvent); range 0.6-0.9 is an assumption") \
  X(compliance_step, 0.05, 0.0, 1.0, 0.02, 0.1, "share/month", "Largest monthly change of sanctions compliance", "assumption, range 0.02-0.1 (compliance is administrative, faster than alignment)") \
  X(compliance_disposition, 0.5, -5.0, 5.0, 0, 1, "log-odds", "Kazakhstan's own disposition to comply with sanctions (intercept of the compliance logit)", "[EDM2022], [FT2022] (a stated policy of not helping Russia evade sanctions); assumption, range 0-1") \
  X(reexport_incentive, 0.1, 0.0, 2.0, 0.05, 0.2, "utility", "Gain from re-exports to Russia that pulls against compliance while Russia is at war and sanctioned", "Kazakh exports to Russia +25% in 2022 ([AsiaPlus2023cabar]); EU exports to Kazakhstan +94% ([BrusselsTimes2023eu]); assumption, range 0.05-0.2") \
  X(reexport_potential_bn, 8.0, 0.0, 50.0, 4, 12, "$bn/year", "Re-exports to Russia a fully non-compliant Kazakhstan would carry while Russia is at war", "EU exports to Kazakhstan +EUR 4.9bn in 2022 ([BrusselsTimes2023eu]); Kazakh exports to Russia +25% in 2022 ([AsiaPlus2023cabar]); assumption, range 4-12") \
  X(oil_exports_mt, 64.3, 1.0, 200.0, 64.3, 64.3, "Mt/year", "Kazakhstan's crude oil exports", "64.3 Mt in 2022 ([AstanaTimes2023exports])") \
  X(russian_route_share_initial, 0.975, 0.0, 1.0, 0.965, 0.985, "share", "Share of crude exports leaving through Russia (CPC, Atyrau-Samara, Aktau-Makhachkala) at the start", "[FT2022] (the vast majority through Russia); 97% in 2022: 1.91 of 64.3 Mt bypassed Russia ([Reuters2024bypass]); range 0.965-0.985") \
  X(alt_capacity_max_mt, 15.0, 0.0, 200.0, 10, 20, "Mt/year", "Ceiling of alternative (non-Russian) export capacity reachable by the horizon", "Aktau-BTC target 6-6.5 Mt/yr ([KMGSOCAR2022]) plus Trans-Caspian and China pipeline routes ([Dorsey2022]); assumption, range 10-20") \
  X(corridor_build_lag_months, 36.0, 1.0, 120.0, 18, 48, "months", "Lag between investing in a corridor and its capacity coming on line", "brief ('grows with investment and a lag of years'); Aktau-BTC agreed 2022, 1.5 Mt/yr from 2023 ([KMGSOCAR2022]); assumption, range 18-48") \
  X(corridor_cost_bn_per_mt, 0.5, 0.01, 10.0, 0.2, 1, "$bn per Mt/year", "Investment needed per Mt/year of new alternative capacity", "assumption, range 0.2-1.0 (tankers, port and pipeline capacity on the Middle Corridor)") \
  X(corridor_investment_base_bn, 0.06, 0.0, 5.0, 0.03, 0.1, "$bn/month", "Corridor investment Kazakhstan makes without any perceived route risk (also the flow already under way before the start)", "[Dorsey2022] (Tokayev asks the EU to help develop trans-Caspian corridors); bypass volumes 1.91 Mt (2022) to 3.73 Mt (2023) ([Reuters2024bypass]); assumption, range 0.03-0.1") \
  X(route_risk_sensitivity, 0.15, 0.0, 5.0, 0.05, 0.3, "$bn/month per unit risk", "Extra corridor investment per unit of perceived Russian-route risk", "[FT2022] ('the incident exposed the risks of dependence on Russia'); assumption, range 0.05-0.3") \
  X(route_risk_half_life_months, 24.0, 1.0, 240.0, 12, 36, "months", "Half-life of the perceived risk of the Russian route after a disruption", "assumption, range 12-36") \
  X(oil_revenue_bn_per_mt, 0.6, 0.05, 5.0, 0.45, 0.75, "$bn/Mt", "Export revenue per Mt of crude", "7.33 bbl/t at Brent $60-100/bbl ([EIA2024brent]): range 0.45-0.75") \
  X(oil_price_volatility, 0.08, 0.0, 1.0, 0.08, 0.1, "log/month", "Monthly standard deviation of the log oil price shock", "Brent monthly log-return sd ~0.08-0.10 ([EIA2024brent])") \
  X(pipeline_channel_share, 0.5, 0.0, 1.0, 0.3, 0.7, "probability", "Chance that a Russian coercive move uses the pipeline when all exports go through Russia", "[Dorsey2022] (Moscow 'likely to use its control of pipelines, its propaganda apparatus'); assumption, range 0.3-0.7") \
  X(suspension_severity, 0.5, 0.0, 1.0, 0.2, 1, "share", "Share of Russian-route flow halted by a suspension", "[FT2022], [Dorsey2022] (CPC halted by a court, July 2022); assumption, range 0.2-1.0") \
  X(suspension_mean_months, 1.0, 1.0, 24.0, 1, 3, "months", "Mean length of an endogenous pipeline suspension", "[Dorsey2022] (ordered 'initially for one month'), [FT2022] ('quickly resolved'); assumption, range 1-3") \
  X(coercion_route_risk, 0.1, 0.0, 2.0, 0.05, 0.2, "risk per pressure", "Perceived risk of the Russian route added per unit of Russian coercive pressure", "[FT2022] ('the incident exposed the risks of dependence on Russia'); assumption, range 0.05-0.2") \
  X(oil_price_persistence, 0.9, 0.0, 0.999, 0.85, 0.95, "per month", "AR(1) persistence of the log oil price shock", "Brent monthly prices ([EIA2024brent]); assumption, range 0.85-0.95") \
  X(russia_attention, 0.35, 0.0, 1.0, 0.2, 0.5, "share", "Share of Russia's capacity available for Central Asia while at war", "[Wharton2022], [FT2022] (Russia 'absorbed' by its attack on Ukraine, losing influence); assumption, range 0.2-0.5") \
  X(russia_attention_peace, 0.9, 0.0, 1.0, 0.8, 1, "share", "Russia's attention once no longer distracted (after a war_ends event)", "[FT2022] (before the war the Turkey deal 'would have been a major blow'); assumption, range 0.8-1.0") \
  X(desired_alignment_russia, 0.60, 0.0, 1.0, 0.5, 0.7, "share", "Alignment share Russia wants of Kazakhstan", "[EDM2022], [Dorsey2022] ('Russian World', 'Kazakhstan is a Russian-speaking country'); assumption, range 0.5-0.7") \
  X(desired_alignment_china, 0.30, 0.0, 1.0, 0.25, 0.4, "share", "Alignment share China wants", "[Bhadrakumar2022] (China plays 'a financial and economic role'); assumption, range 0.25-0.4") \
  X(desired_alignment_eu, 0.40, 0.0, 1.0, 0.3, 0.5, "share", "Alignment share the EU (with the US) wants", "[Bhadrakumar2022] (Borrell urges alignment with the West), [Wharton2022]; assumption, range 0.3-0.5") \
  X(desired_alignment_turkey, 0.12, 0.0, 1.0, 0.08, 0.2, "share", "Alignment share Turkey wants", "[Wharton2022], [FT2022] (intelligence agreement, Turkic ties); assumption, range 0.08-0.2") \
  X(resolve_russia, 0.7, 0.0, 1.0, 0.5, 0.9, "weight", "How much Russia cares about Kazakhstan's alignment", "[EDM2022] (hostile Russian rhetoric), [Dorsey2022]; assumption, range 0.5-0.9") \
  X(resolve_china, 0.4, 0.0, 1.0, 0.3, 0.6, "weight", "How much China cares", "[EDM2022] (Xi's pledge, Xinjiang and BRI stakes), [Bhadrakumar2022]; assumption, range 0.3-0.6") \
  X(resolve_eu, 0.5, 0.0, 1.0, 0.3, 0.6, "weight", "How much the EU (with the US) cares", "[Dorsey2022], [Bhadrakumar2022] (Global Gateway, Borrell in Samarkand); assumption, range 0.3-0.6") \
  X(resolve_turkey, 0.3, 0.0, 1.0, 0.2, 0.4, "weight", "How much Turkey cares", "[Wharton2022], [FT2022]; assumption, range 0.2-0.4") \
  X(leverage_russia, 0.8, 0.0, 2.0, 0.6, 1, "utility", "Coercive leverage of Russia (route control, trade, security presence, media reach)", "[FT2022], [Dorsey2022] (pipelines, propaganda), border 7,644 km ([Dorsey2022]); assumption, range 0.6-1.0") \
  X(leverage_china, 0.4, 0.0, 2.0, 0.3, 0.5, "utility", "Coercive leverage of China", "[Bhadrakumar2022] (investment stock, 52 projects); assumption, range 0.3-0.5") \
  X(leverage_eu, 0.5, 0.0, 2.0, 0.4, 0.7, "utility", "Coercive leverage of the EU (with the US): secondary sanctions, finance", "[EDM2022] (secondary sanctions), FDI share ([TASS2023fdi]; [Trend2023fdi]); assumption, range 0.4-0.7") \
  X(leverage_turkey, 0.15, 0.0, 2.0, 0.1, 0.2, "utility", "Coercive leverage of Turkey", "assumption, range 0.1-0.2 (small trade share, corridor transit)") \
  X(choice_precision, 10.0, 0.0, 100.0, 8, 15, "1/utility", "Precision of the powers' logit (quantal response) choice", "[McKelveyPalfrey1995] logit QRE; assumption, range 8-15") \
  X(action_cost, 0.3, 0.0, 2.0, 0.2, 0.4, "utility", "Cost of any active move for a power at full attention (scaled up by 1/attention); sets how rarely powers act", "assumption, range 0.2-0.4 (major moves a few times a year, as in 2022 per [FT2022], [EDM2022], [Dorsey2022])") \
  X(coercion_restraint_russia, 0.0, 0.0, 2.0, 0, 0.05, "utility", "Normative cost a power pays for coercing Kazakhstan: Russia", "[Dorsey2022], [EDM2022] (Russian pressure and rhetoric described, no restraint); assumption, range 0-0.05") \
  X(coercion_restraint_china, 0.4, 0.0, 2.0, 0.3, 0.6, "utility", "Normative cost of coercion for China (non-interference doctrine)", "[Bhadrakumar2022] (China plays 'a financial and economic role'); no Chinese coercive act in the documents or 2022-2023 (data/observed/coercion.csv); assumption, range 0.3-0.6") \
  X(coercion_restraint_eu, 0.3, 0.0, 2.0, 0.2, 0.5, "utility", "Normative cost of coercion for the EU (it presses through sanctions demands, not coercion)", "[Bhadrakumar2022] (Borrell: the cost of no choice), [FT2022] (the West does not force a choice); assumption, range 0.2-0.5") \
  X(coercion_restraint_turkey, 0.3, 0.0, 2.0, 0.2, 0.5, "utility", "Normative cost of coercion for Turkey (Turkic kinship, corridor partner)", "[FT2022], [Wharton2022]; assumption, range 0.2-0.5") \
  X(engagement_payoff, 2.0, 0.0, 10.0, 1, 3, "utility per stake", "Weight of a power's economic stake (trade and FDI share times its alignment gap) in the utility of engaging", "[BuenoDeMesquita1985] expected utility; assumption, range 1-3") \
  X(pretext_weight, 0.5, 0.0, 5.0, 0.3, 0.8, "utility", "Weight of the northern pretext (separatist sentiment, a propaganda campaign) in Russia's utility of coercing", "[Wharton2022] (the north compared with Crimea and Donbas); assumption, range 0.3-0.8") \
  X(sanctions_pressure_payoff, 2.0, 0.0, 10.0, 1, 3, "utility", "Weight of non-compliance in the EU's utility of pressing for sanctions compliance", "[EDM2022] (secondary sanctions); assumption, range 1-3") \
  X(displeasure_demand_payoff, 0.5, 0.0, 5.0, 0.3, 0.8, "utility", "Weight of a power's displeasure in its utility of making a demand", "[FT2022] (Moscow's demand to expel Ukraine's ambassador); assumption, range 0.3-0.8") \
  X(demand_pressure, 0.5, 0.0, 5.0, 0.3, 0.8, "pressure per leverage", "Pressure added by one chosen demand, per unit of the demanding power's leverage", "assumption, range 0.3-0.8") \
  X(coercion_memory, 0.5, 0.0, 0.99, 0.3, 0.7, "per month", "Share of coercive pressure still felt a month later", "assumption, range 0.3-0.7 (a coercive act is felt for a few months)") \
  X(demand_memory, 0.7, 0.0, 0.99, 0.5, 0.85, "per month", "Share of a demand's pressure still felt a month later", "assumption, range 0.5-0.85") \
  X(leverage_cost_memory, 0.97, 0.0, 0.999, 0.94, 0.99, "per month", "Share of a power's accumulated cost of coercion (reputation, lost transit fees) still borne a month later", "assumption, range 0.94-0.99") \
  X(coercion_cost_growth, 0.15, 0.0, 2.0, 0.1, 0.3, "utility", "Rise in a power's leverage cost each time it coerces (reputation, lost transit fees)", "[FT2022] ('we don't see anything that Russia can do'); assumption, range 0.1-0.3") \
  X(engagement_effect, 0.05, 0.0, 1.0, 0.03, 0.08, "utility", "Economic pull added by one engagement move (investment, trade deal)", "[Bhadrakumar2022] (52 Chinese projects; the EU's Global Gateway); assumption, range 0.03-0.08") \
  X(engagement_half_life_months, 12.0, 1.0, 240.0, 6, 24, "months", "Half-life of an engagement's economic pull", "assumption, range 6-24") \
  X(guarantee_strength_china, 0.6, 0.0, 1.0, 0.4, 0.8, "credibility", "Credibility of a Chinese territorial-integrity pledge when issued", "[FT2022], [EDM2022] (Xi, 14 Sept 2022: 'strong support ... territorial integrity'); assumption, range 0.4-0.8") \
  X(guarantee_strength_turkey, 0.35, 0.0, 1.0, 0.2, 0.5, "credibility", "Credibility of a Turkish guarantee when issued", "[Wharton2022] ('seemingly' securing guarantees from China and Turkey) and [FT2022] (an intelligence agreement, Aug 2022), read here as a weak territorial guarantee: an interpretation, not a stated pledge; assumption, range 0.2-0.5") \
  X(guarantee_strength_eu, 0.2, 0.0, 1.0, 0.1, 0.3, "credibility", "Credibility of an EU (Western) security pledge when issued", "[EDM2022] (Tokayev seeks Western backing at the UN); assumption, range 0.1-0.3") \
  X(guarantee_half_life_months, 36.0, 1.0, 600.0, 24, 60, "months", "Half-life of a guarantee's credibility without renewal", "[Fearon1997] on costly signals; assumption, range 24-60") \
  X(regime_security_share, 0.5, 0.0, 1.0, 0.3, 0.7, "share", "Weight of Russia's regime-security pledge (the CSTO against unrest) relative to a territorial guarantee", "[Bhadrakumar2022] (CSTO contingent, January 2022), [Dorsey2022] (troops withdrew within days); assumption, range 0.3-0.7") \
  X(bandwagon_strength, 0.3, 0.0, 5.0, 0.2, 0.4, "utility", "Pull toward a coercer when Kazakhstan has no outside guarantee (bandwagoning)", "[Walt1987]; [FT2022] ('cautious not to anger their belligerent neighbor'); assumption, range 0.2-0.4") \
  X(backfire_strength, 0.35, 0.0, 5.0, 0.2, 0.5, "utility", "Push away from a coercer when guarantees exist (balancing, coercion backfires)", "[Walt1987]; [Dorsey2022] (Goble: Astana will 'seek closer relations with the West'); assumption, range 0.2-0.5") \
  X(sanctions_threat_credibility, 0.45, 0.0, 1.0, 0.3, 0.6, "probability", "Credibility of the US/EU threat of secondary sanctions", "[EDM2022] (complied 'to avoid secondary sanctions'); assumption, range 0.3-0.6") \
  X(sanctions_response, 4.0, 0.0, 20.0, 3, 6, "logit/unit", "How strongly compliance responds to the sanctions threat, the re-export gain and Russian pressure (logit slope)", "assumption, range 3-6") \
  X(displeasure_per_compliance, 0.5, 0.0, 2.0, 0.3, 0.7, "share", "Russia's displeasure per unit of Kazakh sanctions compliance", "[EDM2022] (Astana refuses to circumvent sanctions 'despite Moscow's pleas'); assumption, range 0.3-0.7") \
  X(exclusive_choice_pull, 0.3, 0.0, 2.0, 0.2, 0.5, "utility", "Value the demander of an exclusive choice ties to choosing it, at full intensity", "[FT2022] (forcing a choice 'leads to possible conflict'), [Bhadrakumar2022]; assumption, range 0.2-0.5") \
  X(legitimacy_initial, 0.6, 0.0, 1.0, 0.5, 0.7, "share", "Government legitimacy at the start (after the January 2022 unrest)", "[FT2022] ('social causes of the January riots have not gone away'); assumption, range 0.5-0.7, narrowed so that January 2022 participation stays near the observed 0.05-0.21% (data/observed/unrest.csv)") \
  X(hardship_baseline, 0.30, 0.0, 1.0, 0.2, 0.4, "share", "Economic hardship in normal times", "[Bhadrakumar2022] (fuel prices behind the January 2022 protests), [FT2022] ('social causes of the January riots have not gone away'); assumption, range 0.2-0.4") \
  X(hardship_sensitivity, 2.0, 0.0, 20.0, 1, 3, "share per share", "Rise in hardship per unit of lost export revenue share or economic shock", "assumption, range 1-3") \
  X(gdp_growth_trend, 0.035, -0.1, 0.2, 0.02, 0.05, "1/year", "Trend real GDP growth", "[IMF2023weo]: 3.2% in 2022, 5.1% in 2023; range 0.02-0.05") \
  X(growth_volatility, 0.015, 0.0, 0.2, 0.01, 0.025, "1/year", "Standard deviation of annual growth around its trend (persistent AR(1) shocks)", "[IMF2023weo]: Kazakh real growth 2010-2023 ranged about -2.5% to 7%; assumption, range 0.01-0.025") \
  X(growth_buffer, 2.0, 0.0, 50.0, 1, 3, "share per growth", "Fall in hardship per unit of annual growth above trend (growth as a bulwark)", "[FT2022] (Tukumov: growth 'is a bulwark against political instability'); assumption, range 1-3") \
  X(growth_persistence, 0.9, 0.0, 0.999, 0.8, 0.95, "per month", "AR(1) persistence of the growth shock", "[IMF2023weo] growth record; assumption, range 0.8-0.95") \
  X(oil_price_growth_effect, 0.1, 0.0, 1.0, 0.05, 0.15, "growth per log price", "Annual growth gained per unit of the log oil price shock", "oil about a fifth of GDP ([IMF2023weo]); assumption, range 0.05-0.15") \
  X(shock_growth_effect, 0.1, 0.0, 1.0, 0.05, 0.2, "growth per share", "Annual growth lost per unit of economic shock (restricted trade share, fuel prices)", "assumption, range 0.05-0.2") \
  X(oil_loss_growth_weight, 0.3, 0.0, 1.0, 0.2, 0.5, "share", "Weight of the share of oil exports lost in the growth shock", "assumption, range 0.2-0.5") \
  X(hardship_adjustment, 0.3, 0.01, 1.0, 0.2, 0.5, "per month", "Share of the gap to its target that economic hardship closes each month", "assumption, range 0.2-0.5") \
  X(legitimacy_growth_effect, 2.0, 0.0, 20.0, 1, 3, "legitimacy per growth", "Legitimacy gained per unit of annual growth above trend", "[FT2022] (growth 'a bulwark against political instability'); assumption, range 1-3") \
  X(legitimacy_unrest_cost, 0.3, 0.0, 5.0, 0.2, 0.5, "legitimacy per share", "Legitimacy lost per unit of protest participation", "[Epstein2002]; assumption, range 0.2-0.5") \
  X(legitimacy_forced_choice_cost, 0.1, 0.0, 1.0, 0.05, 0.2, "legitimacy", "Legitimacy lost under a demand for an exclusive choice at full intensity", "[FT2022] (forcing a choice 'leads to possible conflict'); assumption, range 0.05-0.2") \
  X(legitimacy_security_gain, 0.1, 0.0, 1.0, 0.05, 0.2, "legitimacy", "Legitimacy restored by an outside deployment that restores order, at full strength", "[Bhadrakumar2022] (Tokayev used the CSTO deployment to consolidate power); assumption, range 0.05-0.2") \
  X(legitimacy_adjustment, 0.05, 0.001, 1.0, 0.03, 0.1, "per month", "Share of the gap to its target that legitimacy closes each month", "assumption, range 0.03-0.1") \
  X(mass_unrest_share, 0.0005, 0.0001, 0.5, 0.0005, 0.0005, "share", "Protest participation that counts as an episode of mass unrest (about 10,000 people)", "January 2022 peak about 0.1% of the population (0.05-0.21%), 2023 largest protest about 0.008% (data/observed/unrest.csv): a cut between them") \
  X(unrest_threshold, 0.55, 0.0, 1.0, 0.5, 0.6, "grievance", "Mean protest threshold: grievance H(1-L) at which the median citizen would protest", "[Epstein2002] threshold; after January 2022 only local protests of hundreds to a few thousand people (data/observed/unrest.csv); assumption, range 0.5-0.6") \
  X(ethnic_russian_share, 0.18, 0.0, 1.0, 0.155, 0.18, "share", "Ethnic Russian share of the population", "[EDM2022] (3.5 million, 18%); 15.5% in the 2021 census ([Census2021]): range 0.155-0.18") \
  X(spinup_months, 36.0, 0.0, 240.0, 24, 60, "months", "Months of pre-2022 media exposure through which the citizens are burned in before the start (not recorded; the last twelve with the full monthly update)", "assumption, range 24-60: long enough for media diets to shape opinion, as they had for decades before 2022") \
  X(opinion_russia_initial, 0.45, 0.0, 1.0, 0.35, 0.55, "share", "Public opinion toward Russia (0 hostile, 1 favourable)", "[Wharton2022] ('many Kazakhs actually support Ukraine'), [EDM2022] (polarised society); assumption, range 0.35-0.55") \
  X(propaganda_effect, 0.05, 0.0, 1.0, 0.02, 0.08, "share/month", "Monthly rate at which media (Russian state media and domestic media) move a citizen's opinion", "[EDM2022] ('many Russians have been influenced by Kremlin propaganda'), [Wharton2022]; assumption, range 0.02-0.08") \
  X(opinion_gap_ethnic, 0.25, 0.0, 1.0, 0.15, 0.35, "opinion", "Initial gap in opinion toward Russia between ethnic Russians and ethnic Kazakhs", "[EDM2022] ('the war has polarized society'); assumption, range 0.15-0.35") \
  X(opinion_spread, 0.15, 0.0, 0.5, 0.1, 0.2, "opinion", "Standard deviation of initial opinions within an ethnic group", "assumption, range 0.1-0.2") \
  X(confidence_bound, 0.2, 0.0, 1.0, 0.1, 0.3, "opinion", "Bounded confidence: citizens influence each other only if their opinions differ by less than this", "[Deffuant2000] epsilon; assumption, range 0.1-0.3") \
  X(convergence_rate, 0.3, 0.0, 0.5, 0.2, 0.5, "share", "Bounded confidence: how far each moves toward the other after a contact", "[Deffuant2000] mu; assumption, range 0.2-0.5") \
  X(russian_media_share_ethnic_russian, 0.45, 0.0, 1.0, 0.3, 0.6, "share", "Share of Russian state media in the media diet of ethnic Russians", "[EDM2022] ('many Russians have been influenced by Kremlin propaganda'); assumption, range 0.3-0.6") \
  X(russian_media_share_kazakh, 0.15, 0.0, 1.0, 0.05, 0.25, "share", "Share of Russian state media in the media diet of ethnic Kazakhs", "[Wharton2022] ('many Kazakhs actually support Ukraine'); assumption, range 0.05-0.25") \
  X(propaganda_baseline, 0.3, 0.0, 1.0, 0.2, 0.4, "intensity", "Intensity of Russian state media toward Kazakhstan without a campaign", "[Wharton2022] ('overt misinformation and propaganda'), [Dorsey2022] ('its propaganda apparatus'); assumption, range 0.2-0.4") \
  X(domestic_media_strength, 0.3, 0.0, 1.0, 0.2, 0.4, "intensity", "Pull of Kazakh domestic media toward its own (cooler) view of Russia", "[Dorsey2022] (Astana's 'more nationalistic policy at home'); assumption, range 0.2-0.4") \
  X(coercion_alienation, 0.1, 0.0, 1.0, 0.05, 0.15, "opinion/month", "Fall in ethnic Kazakhs' opinion of Russia per unit of visible Russian coercion", "[Wharton2022] ('beginning to understand the true extent of Russian malevolence'); assumption, range 0.05-0.15") \
  X(domestic_media_view, 0.35, 0.0, 1.0, 0.25, 0.45, "opinion", "View of Russia that Kazakh domestic media carries (cooler than the population mean)", "[Dorsey2022] (a 'more nationalistic policy at home'); assumption, range 0.25-0.45") \
  X(forced_choice_polarisation, 0.02, 0.0, 1.0, 0.01, 0.04, "opinion/month", "Monthly push of each ethnic group's opinion of Russia away from the middle under a demand for an exclusive choice", "[FT2022] (forcing a choice 'leads to possible conflict'); assumption, range 0.01-0.04") \
  X(forced_choice_grievance, 0.05, 0.0, 1.0, 0.03, 0.08, "grievance", "Grievance added to every citizen under a demand for an exclusive choice at full intensity", "[FT2022], [Bhadrakumar2022] (the cost of being made to choose); assumption, range 0.03-0.08") \
  X(media_diet_spread, 0.1, 0.0, 1.0, 0.05, 0.15, "share", "Width of the uniform spread of a citizen's Russian-media share around the group's mean", "assumption, range 0.05-0.15") \
  X(west_opinion_noise, 0.5, 0.0, 2.0, 0.3, 0.7, "ratio", "Noise of a citizen's initial opinion of the West relative to opinion_spread (it mirrors opinion of Russia loosely)", "[EDM2022] (the war polarised society along the Russia-West axis); assumption, range 0.3-0.7") \
  X(hardship_spread, 0.5, 0.0, 1.0, 0.3, 0.7, "share", "Personal hardship in normal times is uniform on hardship_baseline x (1 +- this)", "assumption, range 0.3-0.7") \
  X(oil_income_share, 0.25, 0.0, 1.0, 0.15, 0.35, "share", "Share of household income tied to oil revenue (wages, transfers): how much lost export revenue reaches households", "assumption, range 0.15-0.35") \
  X(oil_exposure_oil_region, 2.0, 0.0, 10.0, 1.5, 3, "relative", "Exposure of the west (the oil region) to lost oil revenue, relative to the capitals' 1", "assumption, range 1.5-3 (Atyrau, Mangystau: oil wages)") \
  X(oil_exposure_other, 0.5, 0.0, 10.0, 0.3, 0.7, "relative", "Exposure of the north, south and east to lost oil revenue", "assumption, range 0.3-0.7") \
  X(migration_exposure_capitals, 2.0, 0.0, 10.0, 1.5, 3, "relative", "Exposure of Astana and Almaty to arrivals from Russia (rents, prices)", "[Wharton2022], [FT2022] (arrivals after the mobilisation); assumption, range 1.5-3") \
  X(migration_exposure_north, 1.5, 0.0, 10.0, 1, 2, "relative", "Exposure of the northern border regions to arrivals from Russia", "[Wharton2022], [FT2022]; assumption, range 1-2") \
  X(migration_exposure_other, 0.4, 0.0, 10.0, 0.2, 0.6, "relative", "Exposure of the south, west and east to arrivals from Russia", "assumption, range 0.2-0.6") \
  X(threshold_sd, 0.055, 0.0, 0.5, 0.04, 0.07, "grievance", "Spread of citizens' protest thresholds around unrest_threshold", "[Granovetter1978] normally distributed thresholds; assumption, range 0.04-0.07") \
  X(protest_contagion, 0.1, 0.0, 1.0, 0.05, 0.15, "grievance", "Extra grievance felt per unit of last month's protest participation in one's region (threshold cascade)", "[Granovetter1978]; assumption, range 0.05-0.15") \
  X(separatism_opinion_cut, 0.8, 0.5, 1.0, 0.75, 0.85, "opinion", "Opinion toward Russia at which a northern ethnic Russian's separatist propensity reaches one half (logistic, width 0.05)", "[Wharton2022] (north compared with Crimea and Donbas); assumption, range 0.75-0.85") \
  X(separatism_width, 0.05, 0.005, 0.5, 0.03, 0.08, "opinion", "Width of the logistic over which a northern ethnic Russian's separatist propensity rises around separatism_opinion_cut", "assumption, range 0.03-0.08") \
  X(migration_hardship, 3.0, 0.0, 50.0, 1, 5, "hardship per share", "Hardship added per unit of arrivals as a share of the population, weighted by region (most in the capitals and the north: rents, prices)", "[Wharton2022], [FT2022] (~200,000 arrivals, Sept-Oct 2022); assumption, range 1-5") \
  X(two_level_weight, 0.3, 0.0, 5.0, 0.1, 0.5, "utility", "Weight of public opinion in the government's choice (two-level game)", "[Putnam1988]; [Dorsey2022] (Astana 'will likely pursue a more nationalistic policy at home'); assumption, range 0.1-0.5") \
  X(crisis_hazard_scale, 0.01, 0.0, 1.0, 0.005, 0.02, "1/month", "Monthly crisis probability per unit of international tension", "[FT2022] (forcing a choice 'leads to possible conflict'); assumption, range 0.005-0.02") \
  X(forced_choice_tension, 1.5, 0.0, 10.0, 1, 2, "tension", "Tension added by a demand for an exclusive choice at full intensity", "[FT2022], [Bhadrakumar2022] (Borrell: 'absence of choice can come at a cost'); assumption, range 1-2") \
  X(tension_separatism_weight, 0.5, 0.0, 5.0, 0.3, 0.8, "tension", "International tension added per unit of northern separatist sentiment", "[Wharton2022] (the north compared with Crimea and Donbas); assumption, range 0.3-0.8") \
  X(intervention_hazard, 0.3, 0.0, 1.0, 0.1, 0.5, "probability", "Chance that a crisis with full separatist sentiment and attention becomes a Russian 'protection' intervention", "[Wharton2022] (north 'shares many similarities with Crimea, Luhansk, and Donetsk'); assumption, range 0.1-0.5") \
  X(pretext_campaign_weight, 1.0, 0.0, 5.0, 0.5, 1.5, "pretext", "Pretext for a protection intervention manufactured by a Russian propaganda campaign at full intensity, beside separatist sentiment", "[Wharton2022] (Crimea, Luhansk and Donetsk), [EDM2022] (Russian rhetoric on the north); assumption, range 0.5-1.5") \
  X(csto_exit_alignment, 0.09, 0.0, 1.0, 0.06, 0.12, "share", "Alignment with Russia below which Kazakhstan considers leaving the CSTO", "[EDM2022] (rumours of leaving the CSTO denied); assumption, range 0.06-0.12") \
  X(csto_exit_hazard, 0.05, 0.0, 1.0, 0.02, 0.1, "1/month", "Monthly chance of leaving the CSTO once below that alignment, with fully credible outside guarantees and no Russian pressure on the border", "[EDM2022] (rumours of leaving the CSTO denied); assumption, range 0.02-0.1")
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
  double prior_min;
  double prior_max;
  std::string_view unit;
  std::string_view description;
  std::string_view source;
};

inline constexpr std::array<ParamSpec, kNumParams> kParameters = {{
#define MV_X(name, def, lo, hi, pmin, pmax, unit, desc, src) ParamSpec{#name, def, lo, hi, pmin, pmax, unit, desc, src},
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
