package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// demoAlerts are sample safety alerts: a handful of countries and every level, one of them over and
// one a draft. Their periods are set around the day the demo is loaded, so that a demo loaded any day
// shows current alerts.
func demoAlerts(today time.Time) []AlertInput {
	day := func(offset int) string {
		if offset == 0 {
			return ""
		}
		return today.AddDate(0, 0, offset).Format(time.DateOnly)
	}
	return []AlertInput{
		{Country: "TH", AreaZh: "泰国南部边境四府", AreaEn: "the four southern border provinces", Level: "reconsider",
			TitleZh: "提醒中国公民谨慎前往泰国南部边境地区（示例）", TitleEn: "Reconsider travel to Thailand's southern border provinces (sample)",
			BodyZh:   "【示例】近期泰国南部边境地区安全形势复杂，提醒在泰中国公民和企业谨慎前往，确需前往的请加强安全防范，避免前往人员密集场所。",
			BodyEn:   "[Sample] The southern border provinces are unsettled. Reconsider travel; if you must go, take precautions and avoid crowds.",
			SourceZh: "中国驻宋卡总领事馆", SourceEn: "Chinese Consulate-General in Songkhla", StartsOn: day(-180)},
		{Country: "MX", AreaZh: "墨西哥北部部分州", AreaEn: "some northern states", Level: "reconsider",
			TitleZh: "提醒在墨中国公民加强安全防范（示例）", TitleEn: "Take extra care in Mexico (sample)",
			BodyZh:   "【示例】墨西哥部分州治安形势严峻，提醒中国公民和企业谨慎前往，夜间避免出行，与当地合作伙伴保持联络。",
			BodyEn:   "[Sample] Some Mexican states are dangerous. Reconsider travel, avoid going out at night and stay in touch with local partners.",
			SourceZh: "中国驻墨西哥大使馆", SourceEn: "Chinese Embassy in Mexico", StartsOn: day(-250), EndsOn: day(115)},
		{Country: "ID", AreaZh: "苏拉威西岛火山周边地区", AreaEn: "around volcanoes on Sulawesi", Level: "caution",
			TitleZh: "提醒在印尼中国公民注意防范火山灾害（示例）", TitleEn: "Beware of volcanic activity in Indonesia (sample)",
			BodyZh:   "【示例】印尼多座火山活动频繁，提醒在印尼中国公民和企业注意安全，远离警戒区域，关注当地政府发布的预警。",
			BodyEn:   "[Sample] Several volcanoes are active. Stay out of the warning zones and follow the local authorities' alerts.",
			SourceZh: "中国驻印尼大使馆", SourceEn: "Chinese Embassy in Indonesia", StartsOn: day(-90), EndsOn: day(90)},
		{Country: "VN", AreaZh: "越南北部和中部沿海", AreaEn: "northern and central coasts", Level: "caution",
			TitleZh: "提醒在越中国公民注意防范台风（示例）", TitleEn: "Typhoon season in Vietnam (sample)",
			BodyZh:   "【示例】台风季节期间，越南北部和中部沿海地区可能出现强降雨和洪涝，提醒中国公民和企业做好防范，储备应急物资。",
			BodyEn:   "[Sample] In the typhoon season heavy rain and floods may hit the northern and central coasts; prepare and keep supplies.",
			SourceZh: "中国驻越南大使馆", SourceEn: "Chinese Embassy in Vietnam", StartsOn: day(-150), EndsOn: day(30)},
		{Country: "BR", AreaZh: "里约热内卢、圣保罗部分区域", AreaEn: "parts of Rio de Janeiro and São Paulo", Level: "caution",
			TitleZh: "提醒在巴西中国公民防范抢劫（示例）", TitleEn: "Beware of robbery in Brazil (sample)",
			BodyZh:   "【示例】近期发生多起针对外国人的抢劫案件，提醒中国公民避免夜间单独出行，不携带大量现金和贵重物品。",
			BodyEn:   "[Sample] Foreigners have been robbed; do not go out alone at night or carry much cash or valuables.",
			SourceZh: "中国驻里约热内卢总领事馆", SourceEn: "Chinese Consulate-General in Rio de Janeiro", StartsOn: day(-200)},
		{Country: "SA", AreaZh: "红海沿岸", AreaEn: "the Red Sea coast", Level: "caution",
			TitleZh: "提醒关注红海航运安全（示例，已结束）", TitleEn: "Red Sea shipping safety (sample, ended)",
			BodyZh:   "【示例】提醒涉及红海航线的中资企业关注航运安全，合理安排物流。",
			BodyEn:   "[Sample] Enterprises using Red Sea routes should watch shipping safety and plan logistics accordingly.",
			SourceZh: "外交部", SourceEn: "Ministry of Foreign Affairs", StartsOn: "2024-01-15", EndsOn: "2025-06-30"},
		{Country: "TH", AreaZh: "泰国南部边境四府", AreaEn: "the four southern border provinces", Level: "avoid",
			TitleZh: "提醒中国公民暂勿前往泰国南部边境地区（示例，草稿）", TitleEn: "Do not travel to Thailand's southern border provinces (sample, draft)",
			BodyZh:   "【示例】草稿：如局势进一步升级，拟将提醒级别调整为暂勿前往。",
			BodyEn:   "[Sample] Draft: to be raised to do not travel if the situation worsens.",
			SourceZh: "中国驻宋卡总领事馆", SourceEn: "Chinese Consulate-General in Songkhla", StartsOn: day(1), Note: "待审核（示例）"},
	}
}

// LoadDemo adds the sample country guides (with a second version for some, so that the history and
// diffs show), the sample policy library and the sample alerts — whatever of them is missing. It is
// idempotent: what exists is left alone. Every sample text says that it is one.
func LoadDemo(ctx context.Context, s *Store) error {
	for _, c := range demoCountries {
		if err := s.loadDemoGuide(ctx, c); err != nil {
			return fmt.Errorf("demo guide %s: %w", c.code, err)
		}
	}
	today := s.now().In(shanghai)
	for _, in := range demoPolicies {
		if in.TitleZh == demoPending {
			// Not yet in force whenever the demo is loaded.
			in.IssuedOn, in.EffectiveOn = today.AddDate(0, 0, -10).Format(time.DateOnly), today.AddDate(0, 1, 0).Format(time.DateOnly)
		}
		if _, err := s.loadDemoPolicy(ctx, in, 0); err != nil {
			return fmt.Errorf("demo policy %s: %w", in.TitleZh, err)
		}
	}
	var successor int64
	if err := s.db.QueryRow(ctx, `SELECT id FROM policy WHERE title_zh = $1`, demoSupersededBy).Scan(&successor); err != nil {
		return fmt.Errorf("demo policy %s: %w", demoSupersededBy, err)
	}
	if _, err := s.loadDemoPolicy(ctx, demoSuperseded, successor); err != nil {
		return fmt.Errorf("demo policy %s: %w", demoSuperseded.TitleZh, err)
	}
	alerts := demoAlerts(s.now().In(shanghai))
	for i, in := range alerts {
		if err := s.loadDemoAlert(ctx, in, i < len(alerts)-1); err != nil {
			return fmt.Errorf("demo alert %s: %w", in.TitleZh, err)
		}
	}
	return nil
}

func (s *Store) loadDemoGuide(ctx context.Context, c demoCountry) error {
	var published int
	err := s.db.QueryRow(ctx, `SELECT published_version FROM guide WHERE country = $1`, c.code).Scan(&published)
	switch {
	case err == nil:
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	// A check date cannot lie in the future, whatever the machine's clock says.
	today := s.today()
	clamp := func(in *GuideInput) {
		if in.ReviewedOn > today {
			in.ReviewedOn = today
		}
	}
	in := demoGuide(c)
	clamp(&in)
	r, err := s.CreateGuide(ctx, c.code, in)
	if err != nil {
		return err
	}
	if r, err = s.SubmitGuide(ctx, c.code, r.Version); err != nil {
		return err
	}
	if _, err = s.PublishGuide(ctx, c.code, r.Version); err != nil {
		return err
	}
	revise, ok := demoRevisions[c.code]
	if !ok {
		return nil
	}
	revise(&in)
	clamp(&in)
	if r, err = s.SaveDraft(ctx, c.code, 0, in); err != nil {
		return err
	}
	if r, err = s.SubmitGuide(ctx, c.code, r.Version); err != nil {
		return err
	}
	_, err = s.PublishGuide(ctx, c.code, r.Version)
	return err
}

func (s *Store) loadDemoPolicy(ctx context.Context, in PolicyInput, supersededBy int64) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT id FROM policy WHERE title_zh = $1`, in.TitleZh).Scan(&id)
	switch {
	case err == nil:
		return id, nil
	case !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	in.SupersededBy = supersededBy
	p, err := s.CreatePolicy(ctx, in)
	if err != nil {
		return 0, err
	}
	p, err = s.PublishPolicy(ctx, p.ID, p.Version)
	return p.ID, err
}

func (s *Store) loadDemoAlert(ctx context.Context, in AlertInput, publish bool) error {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT id FROM alert WHERE country = $1 AND title_zh = $2`, in.Country, in.TitleZh).Scan(&id)
	switch {
	case err == nil:
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	a, err := s.CreateAlert(ctx, in)
	if err != nil || !publish {
		return err
	}
	_, err = s.PublishAlert(ctx, a.ID, a.Version)
	return err
}
