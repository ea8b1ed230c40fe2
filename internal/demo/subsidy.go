package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/money"
	"chuhai/internal/subsidy"
)

// The demo programmes are the article's (DOMAIN.md §1): Xuhui's 30% subsidy for in-district
// providers capped at 300,000 yuan, Lingang's subsidy of up to 50% of professional-service spend and
// its reward of up to 10 million yuan for going-global functional headquarters, and Jing'an's service
// vouchers; plus one city programme for alliance members, so that the stacking ceiling has something
// to act on. Budgets, caps the article does not state and document lists are invented. They run for
// the current budget year, so the demo works whenever it is loaded.
func programmes(year int) []subsidy.ProgrammeInput {
	yuan := func(y int64) money.Fen { return money.Fen(y * 100) }
	from, to := fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)
	until := fmt.Sprintf("%d-03-31", year+1)
	no := false
	invoice := subsidy.Document{Code: "invoice", NameZh: "服务发票", NameEn: "Service invoice", Required: true}
	contract := subsidy.Document{Code: "contract", NameZh: "服务合同", NameEn: "Service contract", Required: true}
	return []subsidy.ProgrammeInput{
		{Code: "XH-PRO", NameZh: "徐汇区企业出海专业服务补贴", NameEn: "Xuhui going-global professional services subsidy",
			Owner: "310104", Kind: subsidy.KindRate, BudgetYear: year, BudgetFen: yuan(5_000_000),
			PeriodFrom: from, PeriodTo: to, ApplyFrom: from, ApplyUntil: until,
			Rules:  subsidy.Rules{HomeDistricts: []string{"310104"}, ProviderDistricts: []string{"310104"}},
			RateBP: 3000, CapApplicationFen: yuan(300_000), CapEnterpriseYearFen: yuan(300_000), CeilingBP: 5000,
			Documents:     []subsidy.Document{invoice, contract},
			DescriptionZh: "企业购买区内专业服务商的出海服务，按实际支出的 30% 给予补贴，最高 30 万元。",
			DescriptionEn: "30% of going-global services bought from providers in the district, at most 300,000 yuan."},
		{Code: "LG-PRO", NameZh: "临港新片区专业服务采购补贴", NameEn: "Lingang professional services subsidy",
			Owner: "SH-LINGANG", Kind: subsidy.KindRate, BudgetYear: year, BudgetFen: yuan(20_000_000),
			PeriodFrom: from, PeriodTo: to, ApplyFrom: from, ApplyUntil: until,
			Rules:  subsidy.Rules{Areas: []string{"SH-LINGANG"}, Categories: []string{"legal", "accounting", "consulting", "finance", "ip", "certification", "hr", "it"}},
			RateBP: 5000, CeilingBP: 5000, Documents: []subsidy.Document{invoice, contract},
			DescriptionZh: "在临港新片区注册的企业采购出海专业服务，最高补贴实际支出的 50%。",
			DescriptionEn: "Enterprises registered in Lingang receive up to 50% of their actual spend on professional services."},
		{Code: "LG-HQ", NameZh: "临港新片区“走出去”功能型总部奖励", NameEn: "Lingang going-global functional headquarters reward",
			Owner: "SH-LINGANG", Kind: subsidy.KindReview, BudgetYear: year, BudgetFen: yuan(50_000_000),
			PeriodFrom: from, PeriodTo: to, ApplyFrom: from, ApplyUntil: until,
			Rules: subsidy.Rules{Areas: []string{"SH-LINGANG"}}, CapApplicationFen: yuan(10_000_000), Combinable: &no,
			Documents: []subsidy.Document{{Code: "hq_recognition", NameZh: "功能型总部认定材料", NameEn: "Functional headquarters recognition", Required: true}},
			OwnerDays: 20, DescriptionZh: "对认定的“走出去”功能型总部，经评审给予最高 1000 万元奖励。",
			DescriptionEn: "Recognised going-global functional headquarters receive a reward of up to 10 million yuan, decided at review."},
		{Code: "JA-VOUCHER", NameZh: "静安区企业出海服务券", NameEn: "Jing'an going-global service vouchers",
			Owner: "310106", Kind: subsidy.KindVoucher, BudgetYear: year, BudgetFen: yuan(3_000_000),
			PeriodFrom: from, PeriodTo: to, ApplyFrom: from, ApplyUntil: until,
			Rules:             subsidy.Rules{HomeDistricts: []string{"310106"}},
			CapApplicationFen: yuan(50_000), CapEnterpriseYearFen: yuan(100_000), SettleDays: 10,
			DescriptionZh: "静安区一站式出海服务中心向区内企业发放服务券，可在全球服务商计划成员处抵扣出海服务费用；服务商在核销后 10 个工作日内结算。",
			DescriptionEn: "The Jing'an one-stop centre issues service vouchers to district enterprises, spent with members of the global service provider programme; providers are settled within 10 working days of redemption."},
		{Code: "SH-PSA", NameZh: "上海市专业服务联盟成员服务补贴（示例）", NameEn: "Shanghai alliance member services subsidy (sample)",
			Owner: subsidy.ShanghaiCode, Kind: subsidy.KindRate, BudgetYear: year, BudgetFen: yuan(20_000_000),
			PeriodFrom: from, PeriodTo: to, ApplyFrom: from, ApplyUntil: until,
			Rules:  subsidy.Rules{ProviderAlliances: []string{"SH-PSA"}},
			RateBP: 4000, CapApplicationFen: yuan(1_000_000), CeilingBP: 5000,
			DescriptionZh: "示例项目：向市专业服务联盟成员采购服务的企业可获 40% 补贴；同一发票的财政支持合计不超过发票金额的 50%。",
			DescriptionEn: "A sample programme: 40% of services bought from members of the city alliance; total public support on one invoice at most 50% of it."},
	}
}

func loadSubsidy(ctx context.Context, s *subsidy.Service) error {
	for _, in := range programmes(time.Now().Year()) {
		if _, err := s.ProgrammeByCode(ctx, in.Code); err == nil {
			continue
		} else if !errors.Is(err, apperr.ErrNotFound) {
			return err
		}
		if _, err := s.CreateProgramme(ctx, in); err != nil {
			return fmt.Errorf("demo programme %s: %w", in.Code, err)
		}
	}
	return nil
}
