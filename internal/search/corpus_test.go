package search

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// corpus generates Chinese documents for the recall test and the benchmarks. Words are drawn with a
// Zipf distribution from a vocabulary that starts with the words of the platform's own subject
// (outbound investment, compliance, countries) and continues with two-, three- and four-character
// words made from common characters, so that a few words are in nearly every document and most words
// are rare — as in real text, where that skew is what makes short queries expensive.
type corpus struct {
	vocab []string
	zipf  *rand.Zipf
	rng   *rand.Rand
}

// commonChars are frequent Han characters, most frequent first.
const commonChars = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴底河费际"

// subjectWords are the platform's own vocabulary, frequent in every kind of its content.
var subjectWords = strings.Fields(`企业 投资 服务 境外 政策 合规 管理 市场 项目 数据 越南 备案 核准 外汇 风险 安全
	国家 上海 办法 规定 部门 提供 支持 相关 资金 合作 发展 建设 申请 审批 要求 条件 材料 期限 工作日 平台 机构 联盟
	数据合规 境外投资 对外投资 跨境 出海 税收 劳动 移民 法律 争议 仲裁 使馆 领事 领事保护 商务部 发展改革委 外汇局 徐汇
	静安 浦东 临港 虹桥 松江 新加坡 印度尼西亚 泰国 马来西亚 沙特阿拉伯 阿联酋 阿曼 墨西哥 匈牙利 德国 巴西 制造业 新能源
	汽车 光伏 跨境电商 知识产权 检验检测 人力资源 补贴 服务券 一站式 免申即享 中资企业 海外仓 供应链 尽职调查 并购
	注意安全 谨慎前往 暂勿前往 营商环境 外商投资 负面清单 增值税 企业所得税 预提税 工作签证 当地雇员 劳动合同 汇率
	外汇管制 利润汇回 双边投资协定 避免双重征税 国际仲裁 商事调解 治安 恐怖袭击 自然灾害 应急预案 十二三零八`)

// newCorpus returns the generator for seed; the same seed gives the same documents.
func newCorpus(seed uint64) *corpus {
	rng := rand.New(rand.NewPCG(seed, 0x636875686169))
	chars := []rune(commonChars)
	seen := map[string]bool{}
	var vocab []string
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			vocab = append(vocab, w)
		}
	}
	// The most frequent words are single characters and the subject's words, interleaved.
	for i := 0; i < 40; i++ {
		add(string(chars[i]))
		if i < len(subjectWords) {
			add(subjectWords[i])
		}
	}
	for _, w := range subjectWords {
		add(w)
	}
	// Then made-up words: pairs, triples and quadruples of common characters, biased to frequent ones.
	pick := func() rune { return chars[int(float64(len(chars))*rng.Float64()*rng.Float64())] }
	for len(vocab) < 30000 {
		n := 2
		switch x := rng.IntN(10); {
		case x >= 9:
			n = 4
		case x >= 7:
			n = 3
		}
		var b strings.Builder
		for range n {
			b.WriteRune(pick())
		}
		add(b.String())
	}
	return &corpus{vocab: vocab, zipf: rand.NewZipf(rng, 1.07, 4, uint64(len(vocab)-1)), rng: rng}
}

// word returns a word drawn with the corpus's frequencies.
func (c *corpus) word() string { return c.vocab[c.zipf.Uint64()] }

// document returns a title and a body of between minRunes and maxRunes characters: sentences of words
// ending in Chinese punctuation, paragraphs, and now and then a Latin abbreviation or a number.
func (c *corpus) document(minRunes, maxRunes int) (title, body string) {
	var t strings.Builder
	for n := 0; n < 8+c.rng.IntN(12); {
		w := c.word()
		t.WriteString(w)
		n += len([]rune(w))
	}
	want := minRunes + c.rng.IntN(maxRunes-minRunes+1)
	var b strings.Builder
	n := 0
	for n < want {
		words := 6 + c.rng.IntN(20)
		for i := 0; i < words && n < want; i++ {
			var w string
			switch x := c.rng.IntN(100); {
			case x == 0:
				w = []string{"ODI", "USD", "SAFE", "NDRC", "VAT", "GDPR"}[c.rng.IntN(6)]
			case x == 1:
				w = strconv.Itoa(2000 + c.rng.IntN(30))
			default:
				w = c.word()
			}
			b.WriteString(w)
			n += len([]rune(w))
			if i+1 < words && c.rng.IntN(5) == 0 {
				b.WriteString("，")
				n++
			}
		}
		b.WriteString("。")
		n++
		if c.rng.IntN(6) == 0 {
			b.WriteString("\n")
		}
	}
	return t.String(), string([]rune(b.String())[:min(want, len([]rune(b.String())))])
}
