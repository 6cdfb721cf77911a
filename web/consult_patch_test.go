package web_test

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"qicao/report"
)

// TestDecisionsPatchTheViews: after decisions, single and in bulk, a decision changed, a link
// confirmed and then decided again, and a decision made with another change, the round page,
// its filters, its tally line, the 意见采纳情况表 and the version comments pages of a server
// that kept its views from before are the very pages of a server that has kept nothing, on
// both databases.
func TestDecisionsPatchTheViews(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		ctx := context.Background()
		rd := &report.Round{WorkspaceID: a.ws.ID, VersionID: a.v2.ID, Title: "关于征求意见的通知", Deadline: time.Now().Add(48 * time.Hour)}
		for _, k := range []string{"donghu", "xishan", "fagai"} {
			rd.Recipients = append(rd.Recipients, report.Recipient{UnitID: a.units[k].ID})
		}
		must(t, a.store.OpenRound(ctx, rd, report.AuditEntry{}))
		roundURL := fmt.Sprintf("/w/%d/rounds/%d", a.ws.ID, rd.ID)

		// Each unit comments on the same dozen passages (groups of the same passage), some with
		// a proposed wording, one on the whole report; the 修改稿 comes after, so that decided
		// comments have links proposed into it, some flagged.
		var paras []report.Block
		for _, b := range a.v2.Doc.Blocks {
			if b.Kind == report.Paragraph && utf8.RuneCountInString(b.Text) > 20 {
				paras = append(paras, b)
			}
		}
		step := max(1, len(paras)/12)
		for u, user := range []string{"contact", "contact2", "victim"} {
			api := a.tokenFor(user)
			for i := 0; i < len(paras); i += step {
				in := map[string]any{"block_id": paras[i].ID, "start": 2 + u, "end": 8 + u, "text": fmt.Sprintf("建议调整表述（%d-%d）", u, i)}
				if (i/step+u)%3 == 0 {
					in["proposal"] = fmt.Sprintf("修改为第%d种表述", u)
				}
				if st, raw := api.call("POST", fmt.Sprintf("/api/v1/rounds/%d/comments", rd.ID), in, nil); st != 201 {
					t.Fatalf("comment: %d %s", st, raw)
				}
			}
			if st, raw := api.call("POST", fmt.Sprintf("/api/v1/rounds/%d/comments", rd.ID), map[string]any{"text": "建议通篇压缩篇幅"}, nil); st != 201 {
				t.Fatalf("comment: %d %s", st, raw)
			}
			if st, raw := api.call("POST", fmt.Sprintf("/api/v1/rounds/%d/send", rd.ID), nil, nil); st != 200 {
				t.Fatalf("send: %d %s", st, raw)
			}
		}
		v3 := a.addVersion(3, "修改稿")
		sent, err := a.store.Comments(ctx, report.CommentFilter{RoundID: rd.ID})
		must(t, err)
		var withProposal, plainOnes []int64
		for _, c := range sent {
			if c.Proposal != "" && c.BlockID != "" {
				withProposal = append(withProposal, c.ID)
			} else {
				plainOnes = append(plainOnes, c.ID)
			}
		}
		if len(withProposal) < 4 || len(plainOnes) < 8 {
			t.Fatalf("%d comments with a proposal, %d without", len(withProposal), len(plainOnes))
		}

		ww := a.login("writer")
		paths := []string{roundURL, roundURL + "?status=undecided", roundURL + "?status=decided", roundURL + "?status=adopted",
			roundURL + "?status=partly", roundURL + "?status=rejected", roundURL + "?status=flagged", roundURL + "?group=same-1",
			roundURL + "/table.xlsx", roundURL + "/table.docx",
			fmt.Sprintf("/w/%d/versions/%d/comments", a.ws.ID, a.v2.ID), fmt.Sprintf("/w/%d/versions/%d/comments", a.ws.ID, v3.ID)}
		// the pages as the server shows them now, and as one that kept nothing shows them
		same := func(after string) {
			t.Helper()
			fresh := *a
			fresh.serve()
			fw := *ww
			fw.app = &fresh
			for _, p := range paths {
				resp, kept := ww.get(p)
				fresp, want := fw.get(p)
				if resp.StatusCode != 200 || fresp.StatusCode != 200 {
					t.Fatalf("after %s, %s: %d and %d", after, p, resp.StatusCode, fresp.StatusCode)
				}
				if kept != want {
					t.Errorf("after %s, %s differs from the page computed anew: %s", after, p, firstDiff(kept, want))
				}
			}
		}
		writer := a.tokenFor("writer")
		same("nothing") // and the views are kept from here
		decide := func(id int64, kind, reason string) {
			t.Helper()
			if st, raw := writer.call("POST", fmt.Sprintf("/api/v1/comments/%d/decision", id), map[string]any{"decision": kind, "reason": reason}, nil); st != 200 {
				t.Fatalf("decide %d: %d %s", id, st, raw)
			}
		}
		decideForm := func(kind, reason string, ids ...int64) {
			t.Helper()
			form := url.Values{"decision": {kind}, "reason": {reason}}
			for _, id := range ids {
				form.Add("comment", fmt.Sprint(id))
			}
			if resp, page := ww.post(roundURL+"/decisions", form); resp.StatusCode != 303 {
				t.Fatalf("decide %v: %d %s", ids, resp.StatusCode, text(page))
			}
		}

		decide(withProposal[0], "adopted", "")
		same("one decision")
		decideForm("rejected", "与全市部署不一致", plainOnes[0], plainOnes[1], plainOnes[2], withProposal[1])
		same("a bulk decision")
		decide(withProposal[1], "adopted", "")
		decideForm("partly", "部分内容已体现", plainOnes[0], plainOnes[3])
		same("a decision changed, with others")
		if resp, page := ww.post(roundURL+"/links", url.Values{"comment": {fmt.Sprint(withProposal[0]), fmt.Sprint(plainOnes[1])}}); resp.StatusCode != 303 {
			t.Fatalf("confirm links: %d %s", resp.StatusCode, text(page))
		}
		same("links confirmed")
		decide(withProposal[0], "reflected", "")
		decide(plainOnes[1], "rejected", "另行研究")
		same("decisions on confirmed links")
		// a decision with a change the patch does not cover: computed anew
		decide(plainOnes[4], "adopted", "")
		must(t, a.store.AddComments(ctx, []*report.Comment{{RoundID: rd.ID, UnitID: a.units["fagai"].ID, AuthorID: a.users["writer"].ID,
			Seminar: true, VersionID: a.v2.ID, Text: "座谈会上提出：增加民生内容", State: report.CommentSent}}, report.AuditEntry{}))
		same("a decision and a seminar opinion")
		decideForm("adopted", "", withProposal[2:]...)
		same("the rest of the proposals adopted")

		// readers of the kept views while decisions are patched in (for go test -race: a view
		// once shared is never written)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var failed atomic.Int64
		for i := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					resp, err := ww.http.Get(a.url + paths[i%len(paths)])
					if err != nil || resp.StatusCode != 200 {
						failed.Add(1)
					}
					if err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
				}
			}()
		}
		for k, id := range plainOnes[5:min(len(plainOnes), 11)] {
			decide(id, []string{"adopted", "reflected"}[k%2], "")
			time.Sleep(20 * time.Millisecond)
		}
		close(stop)
		wg.Wait()
		if n := failed.Load(); n > 0 {
			t.Errorf("%d reads failed while deciding", n)
		}
		same("decisions made while the pages were read")
	})
}

// firstDiff shows where two pages part.
func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-120)
	return fmt.Sprintf("at byte %d of %d/%d:\n kept: %q\n anew: %q", i, len(got), len(want), got[from:min(len(got), i+120)], want[from:min(len(want), i+120)])
}
