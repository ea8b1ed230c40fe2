package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"

	"chuhai/internal/apperr"
	"chuhai/internal/directory"
	"chuhai/internal/network"
)

type idleRow struct {
	P    directory.Provider
	Last string
}

type idlePage struct {
	Months     int
	Verified   int // verified providers (of the alliance, when one is chosen)
	Share      int // idle among them, in whole per cent
	Rows       []idleRow
	Names      dirNames
	Alliances  []option
	Pager      pager
	ExportBase string
	Error      []string
}

// directoryProviderIdle lists the verified providers that delivered nothing for N months, for
// alliance admins to review; ?format=xlsx or csv downloads the whole list.
func (s *Server) directoryProviderIdle(w http.ResponseWriter, r *http.Request) error {
	ctx := dirCtx(r)
	q := r.URL.Query()
	f, err := idleFilter(r)
	if err != nil {
		return err
	}
	if q.Get("format") != "" {
		format, err := exportFormat(q)
		if err != nil {
			return err
		}
		return sendExport(w, "idle-providers", format, func(out io.Writer) error {
			_, err := s.Directory.ExportIdleProviders(ctx, f, format, out)
			return err
		})
	}
	pg, err := paging(r)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = pg.PerPage, pg.Offset()
	page := idlePage{Months: f.Months, Names: s.dirNames(ctx)}
	status := http.StatusOK
	ps, total, err := s.Directory.IdleProviders(ctx, f)
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid {
		for _, fe := range e.Fields {
			page.Error = append(page.Error, s.Cat.T(info(r).lang, fe.Key, fe.Args))
		}
		status = http.StatusBadRequest
	} else if err != nil {
		return err
	}
	for _, p := range ps {
		page.Rows = append(page.Rows, idleRow{P: p, Last: when(p.Activity.LastEngagementAt)})
	}
	if status == http.StatusOK {
		// What share of the members delivered nothing: the figure an audit asks for first.
		_, page.Verified, err = s.Directory.ListProviders(ctx, directory.ProviderFilter{Status: directory.ProviderVerified, Alliance: f.Alliance, Limit: 1})
		if err != nil {
			return err
		}
		page.Share = idleShare(total, page.Verified)
	}
	page.Pager = newPager(r, pg, total)
	als, _, err := s.Network.ListAlliances(r.Context(), network.AllianceFilter{Limit: 100})
	if err != nil {
		return err
	}
	for _, a := range als {
		page.Alliances = append(page.Alliances, option{Value: a.Code, Zh: a.NameZh, En: a.NameEn, Selected: a.Code == f.Alliance})
	}
	exp := url.Values{"months": {strconv.Itoa(f.Months)}}
	if f.Alliance != "" {
		exp.Set("alliance", f.Alliance)
	}
	page.ExportBase = "/console/providers/idle?" + exp.Encode() + "&"
	s.renderStatus(w, r, status, "directory_idle", page, "directory.idle.title")
	return nil
}

// idleShare is idle out of verified in whole per cent, rounded half up; 0 when there are none.
func idleShare(idle, verified int) int {
	if verified == 0 {
		return 0
	}
	return (idle*200 + verified) / (2 * verified)
}
