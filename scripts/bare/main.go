// Command bare is the baseline for scripts/load.sh: a plain net/http server answering every GET with
// a small JSON list, encoded per request, and nothing else (no middleware, no database). chuhai's own
// list API is measured against it. It is not part of the chuhai binary.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"time"
)

type point struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

type list struct {
	Items   []point `json:"items"`
	Page    int     `json:"page"`
	PerPage int     `json:"per_page"`
	Total   int     `json:"total"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	items := make([]point, 20)
	for i := range items {
		items[i] = point{ID: int64(i + 1), Code: "P" + string(rune('A'+i)), NameZh: "徐汇区企业出海服务站", NameEn: "Xuhui District Going-Global Service Point"}
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_ = json.NewEncoder(w).Encode(list{Items: items, Page: 1, PerPage: 20, Total: 10000})
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// The load script reads the address from this line, as it does from chuhai serve's.
	fmt.Printf("bare is serving on http://%s\n", ln.Addr())
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.Serve(ln))
}
