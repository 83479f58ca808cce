// gobig: a benchmark input for dbg's symbol reader — a Go program that pulls in
// enough of the standard library (HTTP, TLS, JSON, templates) to make a binary of
// about 6 MB when built with -gcflags='all=-N -l'. It does a little work with
// each package so nothing is dead-stripped, and exits at once.
package main

import (
	"bytes"
	"crypto/sha256"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"text/template"
	"time"
)

type record struct {
	Name  string   `json:"name"`
	Count int      `json:"count"`
	Tags  []string `json:"tags"`
}

// recorder is a minimal http.ResponseWriter (net/http/httptest would add a lot more).
type recorder struct {
	header http.Header
	body   bytes.Buffer
	code   int
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(code int)        { r.code = code }

func encode(r record) (string, error) {
	js, err := json.Marshal(r)
	if err != nil {
		return "", err
	}
	var back record
	if err := json.Unmarshal(js, &back); err != nil {
		return "", err
	}
	return string(js), nil
}

func render(r record) string {
	t := template.Must(template.New("r").Parse("{{.Name}}={{.Count}} {{range .Tags}}[{{.}}]{{end}}"))
	var b bytes.Buffer
	if err := t.Execute(&b, r); err != nil {
		return err.Error()
	}
	return b.String()
}

func serve(path string) string {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "hello %s", r.URL.Path)
	})
	req, err := http.NewRequest("GET", "http://localhost"+path, nil)
	if err != nil {
		return err.Error()
	}
	rec := &recorder{header: http.Header{}}
	h.ServeHTTP(rec, req)
	return rec.body.String()
}

func main() {
	r := record{Name: "bench", Count: 3, Tags: []string{"a", "b", "c"}}
	enc, err := encode(r)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sum := sha256.Sum256([]byte(enc))
	words := strings.Fields(render(r) + " " + serve("/bench"))
	sort.Strings(words)
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	client := &http.Client{Timeout: time.Second}
	fmt.Println(len(enc), sum[0], words, client.Timeout, cfg.MinVersion)
}
