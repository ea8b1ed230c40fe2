package directory

import (
	"context"
	"fmt"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/xlsx"
)

// What an import or export holds: one row per enterprise, or one row per provider.
const (
	KindEnterprises = "enterprises"
	KindProviders   = "providers"
)

// column is one column of a directory spreadsheet, headed as district staff head it.
type column struct {
	key        string
	zh, en     string   // the header written on export; both are read on import
	aliases    []string // other headers people use for it
	required   bool
	exportOnly bool // written on export for people to read, ignored on import
}

// sheetSpec describes a kind of spreadsheet.
type sheetSpec struct {
	kind    string
	sheetZh string   // the sheet's name on export
	names   []string // sheet names recognised on import
	columns []column
	// fields maps validation field names (and prefixes) to column keys, so that an error found by
	// the profile rules is reported in the column that caused it.
	fields map[string]string
}

var enterpriseSheet = sheetSpec{
	kind:    KindEnterprises,
	sheetZh: "企业",
	names:   []string{"企业", "企业名录", "企业名单", "企业信息", "出海企业", "enterprises"},
	columns: []column{
		{key: "uscc", zh: "统一社会信用代码", en: "USCC", aliases: []string{"信用代码", "社会信用代码", "统一代码"}, required: true},
		{key: "name_zh", zh: "企业名称", en: "Name", aliases: []string{"名称", "企业名称（中文）", "公司名称", "单位名称", "企业中文名称"}, required: true},
		{key: "name_en", zh: "英文名称", en: "English name", aliases: []string{"企业英文名称", "英文名"}},
		{key: "address_zh", zh: "注册地址", en: "Registered address", aliases: []string{"地址", "住所", "注册地"}},
		{key: "home_district", zh: "所属区", en: "Home district", aliases: []string{"属地", "所在区", "区", "注册区", "属地区"}},
		{key: "industry", zh: "行业", en: "Industry", aliases: []string{"行业代码", "所属行业", "国民经济行业", "行业分类"}},
		{key: "size_class", zh: "企业规模", en: "Size", aliases: []string{"规模"}},
		{key: "ownership", zh: "所有制", en: "Ownership", aliases: []string{"企业性质", "所有制类型", "经济类型", "企业类型"}},
		{key: "markets", zh: "目标市场", en: "Target markets", aliases: []string{"目标国家", "出海目的地", "目标国别", "拟出海国家"}},
		{key: "contact_name", zh: "联系人", en: "Contact", aliases: []string{"联系人姓名"}},
		{key: "contact_phone", zh: "联系电话", en: "Phone", aliases: []string{"电话", "手机", "手机号"}},
		{key: "contact_email", zh: "电子邮箱", en: "Email", aliases: []string{"邮箱", "e-mail"}},
		{key: "website", zh: "网址", en: "Website", aliases: []string{"网站", "官网"}},
		{key: "entities", zh: "境外主体", en: "Overseas entities", exportOnly: true},
		{key: "status", zh: "状态", en: "Status", exportOnly: true},
		{key: "origin", zh: "登记方式", en: "Registered by", exportOnly: true},
		{key: "created_at", zh: "登记时间", en: "Registered at", exportOnly: true},
	},
	fields: map[string]string{"uscc": "uscc", "name_zh": "name_zh", "name_en": "name_en", "address_zh": "address_zh",
		"home_district": "home_district", "industry": "industry", "size_class": "size_class", "ownership": "ownership",
		"markets": "markets", "website": "website", "contacts[0].name": "contact_name", "contacts[0].title": "contact_name",
		"contacts[0].phone": "contact_phone", "contacts[0].email": "contact_email", "contacts": "contact_name"},
}

var providerSheet = sheetSpec{
	kind:    KindProviders,
	sheetZh: "服务机构",
	names:   []string{"服务机构", "服务商", "机构名录", "服务机构名录", "专业服务机构", "providers"},
	columns: []column{
		{key: "name_zh", zh: "机构名称", en: "Name", aliases: []string{"服务机构名称", "名称", "机构名称（中文）", "单位名称", "公司名称"}, required: true},
		{key: "name_en", zh: "英文名称", en: "English name", aliases: []string{"机构英文名称", "英文名"}},
		{key: "uscc", zh: "统一社会信用代码", en: "USCC", aliases: []string{"信用代码", "社会信用代码"}},
		{key: "foreign_country", zh: "境外注册国家", en: "Country of registration", aliases: []string{"注册国家", "境外注册地"}},
		{key: "foreign_reg_no", zh: "境外注册号", en: "Foreign registration number", aliases: []string{"注册号", "外国注册号"}},
		{key: "categories", zh: "服务类别", en: "Categories", aliases: []string{"业务类别", "专业领域", "服务领域", "类别"}, required: true},
		{key: "countries", zh: "服务国家", en: "Countries served", aliases: []string{"覆盖国家", "服务国别", "服务地区"}},
		{key: "languages", zh: "工作语言", en: "Languages", aliases: []string{"语言", "服务语言"}},
		{key: "offices", zh: "办公地点", en: "Offices", aliases: []string{"所在区", "办公区", "办公城市", "所在地"}},
		{key: "description_zh", zh: "机构简介", en: "Description", aliases: []string{"简介", "介绍"}},
		{key: "website", zh: "网址", en: "Website", aliases: []string{"网站", "官网"}},
		{key: "contact_name", zh: "联系人", en: "Contact", aliases: []string{"联系人姓名"}},
		{key: "contact_phone", zh: "联系电话", en: "Phone", aliases: []string{"电话", "手机"}},
		{key: "contact_email", zh: "电子邮箱", en: "Email", aliases: []string{"邮箱", "e-mail"}},
		{key: "status", zh: "状态", en: "Status", exportOnly: true},
		{key: "alliances", zh: "所属联盟", en: "Alliances", exportOnly: true},
		{key: "engagements", zh: "已完成服务", en: "Completed engagements", exportOnly: true},
		{key: "rating", zh: "评分", en: "Rating", exportOnly: true},
		{key: "last_engagement", zh: "最近服务", en: "Last engagement", exportOnly: true},
	},
	fields: map[string]string{"uscc": "uscc", "name_zh": "name_zh", "name_en": "name_en", "foreign_country": "foreign_country",
		"foreign_reg_no": "foreign_reg_no", "categories": "categories", "countries": "countries", "languages": "languages",
		"offices": "offices", "description_zh": "description_zh", "website": "website", "contacts[0].name": "contact_name",
		"contacts[0].title": "contact_name", "contacts[0].phone": "contact_phone", "contacts[0].email": "contact_email",
		"contacts": "contact_name"},
}

func specOf(kind string) (*sheetSpec, error) {
	switch kind {
	case KindEnterprises:
		return &enterpriseSheet, nil
	case KindProviders:
		return &providerSheet, nil
	}
	return nil, apperr.Invalid(apperr.F("kind", "error.bad_choice"))
}

// normHeader folds a header for comparison: no spaces, no required-field stars or (必填) notes,
// ASCII brackets, lower case.
func normHeader(s string) string {
	s = strings.NewReplacer("（", "(", "）", ")", "*", "", "＊", "", " ", "", "\u3000", "", "\n", "", "\r", "").Replace(s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "(必填)"), "(选填)")
	return strings.ToLower(strings.TrimSpace(s))
}

// columnOf returns the column a header names.
func (sp *sheetSpec) columnOf(header string) (*column, bool) {
	h := normHeader(header)
	if h == "" {
		return nil, false
	}
	for i := range sp.columns {
		c := &sp.columns[i]
		if h == normHeader(c.zh) || h == normHeader(c.en) || h == c.key {
			return c, true
		}
		for _, a := range c.aliases {
			if h == normHeader(a) {
				return c, true
			}
		}
	}
	return nil, false
}

// missing lists the required columns a header row lacks.
func (sp *sheetSpec) missing(cells []string) []string {
	have := map[string]bool{}
	for _, h := range cells {
		if c, ok := sp.columnOf(h); ok {
			have[c.key] = true
		}
	}
	var out []string
	for _, c := range sp.columns {
		if c.required && !have[c.key] {
			out = append(out, c.zh)
		}
	}
	return out
}

// pickSheet chooses the workbook sheet to import: one named for the kind; else the only sheet; else
// the first whose header has every required column. Otherwise the file is the wrong one, and the
// message names the sheets found and the columns needed.
func (sp *sheetSpec) pickSheet(sheets []string, heads map[string][]string) (string, error) {
	for _, name := range sheets {
		for _, want := range sp.names {
			if normHeader(name) == normHeader(want) {
				return name, nil
			}
		}
	}
	if len(sheets) == 1 {
		return sheets[0], nil
	}
	for _, name := range sheets {
		if len(sp.missing(heads[name])) == 0 {
			return name, nil
		}
	}
	return "", fileError("directory.import.wrong_sheet", "Sheets", strings.Join(sheets, "、"), "Wanted", sp.sheetZh,
		"Columns", strings.Join(sp.missing(nil), "、"))
}

// header is the located header row: which cell index holds which column.
type header struct {
	row     int            // index into table.rows
	byIndex map[int]string // cell index → column key
	titles  map[string]int // column key → cell index
	ignored []string       // headers that name no column
}

func (sp *sheetSpec) findHeader(t *table) (*header, error) {
	best, bestMissing := -1, []string(nil)
	for i := 0; i < len(t.rows) && i < headerSearchRows; i++ {
		m := sp.missing(t.rows[i].cells)
		if best < 0 || len(m) < len(bestMissing) {
			best, bestMissing = i, m
		}
		if len(m) == 0 {
			break
		}
	}
	if best < 0 {
		return nil, fileError("directory.import.no_rows")
	}
	if len(bestMissing) > 0 {
		key := "directory.import.missing_columns"
		if t.sheet != "" {
			key = "directory.import.wrong_sheet"
		}
		return nil, fileError(key, "Sheets", t.sheet, "Wanted", sp.sheetZh, "Columns", strings.Join(bestMissing, "、"))
	}
	h := &header{row: best, byIndex: map[int]string{}, titles: map[string]int{}}
	for i, cell := range t.rows[best].cells {
		c, ok := sp.columnOf(cell)
		switch {
		case !ok || c.exportOnly:
			if strings.TrimSpace(cell) != "" {
				h.ignored = append(h.ignored, strings.TrimSpace(cell))
			}
		default:
			if _, dup := h.titles[c.key]; dup {
				return nil, fileError("directory.import.duplicate_column", "Column", c.zh)
			}
			h.byIndex[i], h.titles[c.key] = c.key, i
		}
	}
	return h, nil
}

// RowError is one problem of an import, located as a person finds it in the spreadsheet.
type RowError struct {
	Row    int            `json:"row"`              // the spreadsheet's row number; 0 for the file as a whole
	Cell   string         `json:"cell,omitempty"`   // e.g. "C7"
	Column string         `json:"column,omitempty"` // the column's header
	Key    string         `json:"-"`                // catalogue id of the message
	Args   map[string]any `json:"-"`
}

// PreviewRow says what an import does with one valid row.
type PreviewRow struct {
	Row    int    `json:"row"`
	Key    string `json:"key"` // USCC, or country and registration number
	NameZh string `json:"name_zh"`
	Action string `json:"action"` // create or update
}

// ImportOptions say how to import.
type ImportOptions struct {
	DryRun bool // check and report; write nothing
	// ValidOnly imports the valid rows even when others are invalid. Without it, any invalid row
	// means nothing is imported.
	ValidOnly bool
}

// ImportReport is the outcome of an import or its dry run.
type ImportReport struct {
	Kind      string       `json:"kind"`
	Format    string       `json:"format"`
	Encoding  string       `json:"encoding,omitempty"`
	Sheet     string       `json:"sheet,omitempty"`
	Rows      int          `json:"rows"`    // data rows read
	Valid     int          `json:"valid"`   // rows without errors
	Invalid   int          `json:"invalid"` // rows with errors
	ToCreate  int          `json:"to_create"`
	ToUpdate  int          `json:"to_update"`
	Created   int          `json:"created"`
	Updated   int          `json:"updated"`
	Committed bool         `json:"committed"`
	DryRun    bool         `json:"dry_run"`
	Errors    []RowError   `json:"errors"`
	Truncated bool         `json:"errors_truncated"` // more errors than listed
	Ignored   []string     `json:"ignored_columns"`  // headers the importer does not read
	Preview   []PreviewRow `json:"preview"`          // the first valid rows
}

const maxPreview = 200

func (r *ImportReport) addError(e RowError) {
	if len(r.Errors) >= maxRowErrors {
		r.Truncated = true
		return
	}
	r.Errors = append(r.Errors, e)
}

// importRow is one data row: its cells by column key.
type importRow struct {
	n     int
	cells map[string]string
}

// rowsOf turns the table below the header into rows; overlong cells become errors.
func (sp *sheetSpec) rowsOf(t *table, h *header, rep *ImportReport, bad map[int]bool) []importRow {
	var out []importRow
	for _, tr := range t.rows[h.row+1:] {
		r := importRow{n: tr.n, cells: map[string]string{}}
		for i, raw := range tr.cells {
			key, ok := h.byIndex[i]
			if !ok {
				continue
			}
			v, err := cellText(raw)
			if err != nil {
				name, _ := xlsx.CellName(i+1, tr.n)
				rep.addError(RowError{Row: tr.n, Cell: name, Column: sp.title(key), Key: "directory.import.cell_too_long", Args: map[string]any{"Max": maxCellRunes}})
				bad[tr.n] = true
				continue
			}
			r.cells[key] = v
		}
		out = append(out, r)
	}
	return out
}

func (sp *sheetSpec) title(key string) string {
	for _, c := range sp.columns {
		if c.key == key {
			return c.zh
		}
	}
	return ""
}

// fieldErrors turns a validation error into row errors in the columns that caused them.
func (sp *sheetSpec) fieldErrors(n int, h *header, err error, rep *ImportReport) error {
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.KindInvalid && e.Kind != apperr.KindForbidden && e.Kind != apperr.KindConflict {
		return err
	}
	if len(e.Fields) == 0 {
		rep.addError(RowError{Row: n, Key: e.Key, Args: e.Args})
		return nil
	}
	for _, f := range e.Fields {
		key := sp.fields[f.Name]
		if key == "" {
			if base, _, ok := strings.Cut(f.Name, "["); ok {
				key = sp.fields[base]
			}
		}
		re := RowError{Row: n, Key: f.Key, Args: f.Args}
		if idx, ok := h.titles[key]; ok {
			re.Column = sp.title(key)
			re.Cell, _ = xlsx.CellName(idx+1, n)
		}
		rep.addError(re)
	}
	return nil
}

// cellErrors reports formulas and merged cells in the columns where they are.
func (sp *sheetSpec) cellErrors(t *table, h *header, rep *ImportReport, bad map[int]bool) {
	for _, e := range t.cellErrs {
		if col, _, err := xlsx.Coordinates(e.Cell); err == nil {
			if key, ok := h.byIndex[col-1]; ok {
				e.Column = sp.title(key)
			}
		}
		rep.addError(e)
		bad[e.Row] = true
	}
}

// splitList splits a cell holding several values (越南、泰国; VN, TH). A piece that resolves whole is
// kept whole, so that names with commas ("Hong Kong, China") survive.
func splitList(s string, resolves func(string) bool) []string {
	var out []string
	for _, piece := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、；;，|\n/", r) }) {
		piece = strings.TrimSpace(piece)
		if piece == "" {
			continue
		}
		if resolves(piece) || !strings.Contains(piece, ",") {
			out = append(out, piece)
			continue
		}
		for _, p := range strings.Split(piece, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// Import reads a spreadsheet (xlsx or CSV, told apart by content) of enterprises or providers and,
// unless it is a dry run, writes its rows in one transaction. A row whose USCC (or, for a foreign
// provider, registration) is already known updates that record; empty cells leave the record's
// values as they are. By default any invalid row means nothing is written; with ValidOnly the valid
// rows are written and the invalid ones reported. Problems with the file as a whole (format, size,
// encoding, wrong sheet) are returned as errors; problems with rows are in the report.
func (s *Store) Import(ctx context.Context, kind string, data []byte, opts ImportOptions) (ImportReport, error) {
	sp, err := specOf(kind)
	if err != nil {
		return ImportReport{}, err
	}
	if p := s.caller(ctx); p != nil && !p.Staff {
		return ImportReport{}, apperr.ErrForbidden
	}
	t, err := readTable(data, sp.pickSheet)
	if err != nil {
		return ImportReport{}, err
	}
	h, err := sp.findHeader(t)
	if err != nil {
		return ImportReport{}, err
	}
	rep := ImportReport{Kind: kind, Format: t.format, Encoding: t.encoding, Sheet: t.sheet, DryRun: opts.DryRun,
		Errors: []RowError{}, Ignored: h.ignored, Preview: []PreviewRow{}}
	if rep.Ignored == nil {
		rep.Ignored = []string{}
	}
	bad := map[int]bool{}
	sp.cellErrors(t, h, &rep, bad)
	rows := sp.rowsOf(t, h, &rep, bad)
	if len(rows) == 0 {
		return ImportReport{}, fileError("directory.import.no_rows")
	}
	if len(rows) > maxImportRows {
		return ImportReport{}, fileError("directory.import.too_many_rows", "Max", maxImportRows)
	}
	rep.Rows = len(rows)
	var plan []plannedRow
	if kind == KindEnterprises {
		plan, err = s.planEnterprises(ctx, sp, h, rows, &rep, bad)
	} else {
		plan, err = s.planProviders(ctx, sp, h, rows, &rep, bad)
	}
	if err != nil {
		return ImportReport{}, err
	}
	var valid []plannedRow
	for _, p := range plan {
		if bad[p.row] {
			continue
		}
		valid = append(valid, p)
		if p.update {
			rep.ToUpdate++
		} else {
			rep.ToCreate++
		}
		if len(rep.Preview) < maxPreview {
			action := "create"
			if p.update {
				action = "update"
			}
			rep.Preview = append(rep.Preview, PreviewRow{Row: p.row, Key: p.key, NameZh: p.name, Action: action})
		}
	}
	rep.Valid = len(valid)
	rep.Invalid = rep.Rows - rep.Valid
	if opts.DryRun || len(valid) == 0 || rep.Invalid > 0 && !opts.ValidOnly {
		return rep, nil
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		created, updated := 0, 0
		if kind == KindEnterprises {
			var err error
			if created, updated, err = s.writeEnterpriseImport(ctx, tx, valid); err != nil {
				return err
			}
		}
		for _, p := range valid {
			if p.write == nil {
				continue
			}
			if err := p.write(ctx, tx); err != nil {
				if e, ok := apperr.As(err); ok && e.Kind != apperr.KindInternal {
					// A record changed between reading and writing, or a code was taken meanwhile:
					// nothing is written, and the row says why.
					return apperr.Invalid(apperr.F("file", "directory.import.row_failed", "Row", p.row, "Key", p.key))
				}
				return err
			}
			if p.update {
				updated++
			} else {
				created++
			}
		}
		rep.Created, rep.Updated = created, updated
		return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.import", ObjectType: kind, ObjectID: "",
			Detail: map[string]any{"format": t.format, "sheet": t.sheet, "rows": rep.Rows, "created": created, "updated": updated,
				"skipped": rep.Invalid}})
	})
	if err != nil {
		return ImportReport{}, err
	}
	rep.Committed = true
	return rep, nil
}

// plannedRow is a valid row and how to write it: by write, or (enterprises) in batches from the
// old record and the new profile.
type plannedRow struct {
	row    int
	key    string
	name   string
	update bool
	write  func(ctx context.Context, tx *db.Tx) error
	eOld   *Enterprise
	eIn    EnterpriseInput
}

// markDuplicate records a row whose key an earlier row of the same file has.
func markDuplicate(seen map[string]int, key string, n int, column string, h *header, sp *sheetSpec, rep *ImportReport, bad map[int]bool) {
	if key == "" {
		return
	}
	if first, dup := seen[key]; dup {
		re := RowError{Row: n, Column: sp.title(column), Key: "directory.import.duplicate_row", Args: map[string]any{"Row": first}}
		if idx, ok := h.titles[column]; ok {
			re.Cell, _ = xlsx.CellName(idx+1, n)
		}
		rep.addError(re)
		bad[n] = true
		return
	}
	seen[key] = n
}

func chunks[T any](xs []T, n int) [][]T {
	var out [][]T
	for len(xs) > n {
		out = append(out, xs[:n])
		xs = xs[n:]
	}
	if len(xs) > 0 {
		out = append(out, xs)
	}
	return out
}

func placeholders(start, n int) string {
	marks := make([]string, n)
	for i := range marks {
		marks[i] = fmt.Sprintf("$%d", start+i+1)
	}
	return "(" + strings.Join(marks, ",") + ")"
}

func anyOf(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// setIf overwrites *dst with the cell's value when the cell is not empty.
func setIf(dst *string, cells map[string]string, key string) {
	if v := cells[key]; v != "" {
		*dst = v
	}
}

// contactOf is the contact a row gives, if any.
func contactOf(cells map[string]string) (Contact, bool) {
	c := Contact{Name: cells["contact_name"], Phone: cells["contact_phone"], Email: cells["contact_email"], Primary: true}
	return c, c.Name != "" || c.Phone != "" || c.Email != ""
}

// withPrimary puts c first, as the primary contact, in place of the current primary one.
func withPrimary(cs []Contact, c Contact) []Contact {
	out := []Contact{c}
	for _, x := range cs {
		if !x.Primary {
			out = append(out, x)
		}
	}
	return out
}
