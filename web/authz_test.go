package web_test

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// who asks: nobody logged in, then each role.
var visitors = []string{"nobody", "admin", "writer", "leader", "contact"}

// expected is the status each visitor gets from each route, in the order of visitors. Unsafe
// requests carry a valid CSRF token and an empty form, so a permitted one fails validation (400)
// without changing anything; the password reset succeeds on a user kept for it.
var expected = map[string][5]int{
	"GET /healthz":              {200, 200, 200, 200, 200},
	"GET /static/{hash}/{name}": {200, 200, 200, 200, 200},
	"GET /favicon.ico":          {200, 200, 200, 200, 200},
	"GET /login":                {200, 303, 303, 303, 303},
	"POST /login":               {400, 400, 400, 400, 400},
	"POST /logout":              {303, 303, 303, 303, 303},

	"GET /{$}":               {303, 303, 303, 303, 303},
	"GET /w/{wid}":           {303, 200, 200, 200, 200},
	"GET /units/{uid}":       {303, 200, 200, 200, 200},
	"GET /account/password":  {303, 200, 200, 200, 200},
	"POST /account/password": {303, 400, 400, 400, 400},

	"GET /w/{wid}/versions/{vid}":           {303, 200, 200, 200, 403},
	"GET /w/{wid}/versions/{vid}/docx":      {303, 200, 200, 200, 403},
	"GET /w/{wid}/versions/{vid}/original":  {303, 200, 200, 200, 403},
	"GET /w/{wid}/compare":                  {303, 200, 200, 200, 403},
	"GET /w/{wid}/upload":                   {303, 403, 200, 403, 403},
	"POST /w/{wid}/versions":                {303, 403, 400, 403, 403},
	"POST /w/{wid}/versions/{vid}/withdraw": {303, 400, 400, 403, 403},
	"POST /w/{wid}/versions/{vid}/restore":  {303, 409, 403, 403, 403},

	"POST /w/{wid}/versions/{vid}/dismissals": {303, 403, 400, 403, 403},
	"POST /w/{wid}/dismissals/delete":         {303, 403, 400, 403, 403},
	"GET /w/{wid}/lexicon":                    {303, 200, 200, 200, 403},
	"GET /w/{wid}/group":                      {303, 200, 200, 403, 403},
	"POST /w/{wid}/group":                     {303, 400, 400, 403, 403},
	"POST /w/{wid}/lexicon":                   {303, 403, 400, 403, 403},
	"POST /w/{wid}/lexicon/delete":            {303, 403, 400, 403, 403},
	"GET /api/v1/versions/{vid}/findings":     {401, 200, 200, 200, 404},
	"POST /api/v1/versions/{vid}/dismissals":  {401, 403, 400, 403, 403},
	"POST /api/v1/workspaces/{wid}/lexicon":   {401, 403, 400, 403, 403},

	"GET /w/{wid}/campaigns":                                {303, 200, 200, 200, 200},
	"GET /w/{wid}/campaigns/new":                            {303, 403, 200, 403, 403},
	"POST /w/{wid}/campaigns":                               {303, 403, 400, 403, 403},
	"GET /w/{wid}/campaigns/{cid}":                          {303, 200, 200, 200, 303},
	"GET /w/{wid}/campaigns/{cid}/notice.docx":              {303, 200, 200, 200, 200},
	"GET /w/{wid}/campaigns/{cid}/board.xlsx":               {303, 200, 200, 200, 403},
	"POST /w/{wid}/campaigns/{cid}/remind":                  {303, 403, 400, 403, 403},
	"GET /w/{wid}/campaigns/{cid}/units/{uid}":              {303, 200, 200, 200, 200},
	"POST /w/{wid}/campaigns/{cid}/units/{uid}/items/{iid}": {303, 403, 403, 403, 400},
	"GET /w/{wid}/campaigns/{cid}/projects":                 {303, 200, 200, 200, 403},
	"POST /w/{wid}/campaigns/{cid}/projects":                {303, 403, 400, 403, 403},
	"GET /w/{wid}/campaigns/{cid}/projects.xlsx":            {303, 200, 200, 200, 403},
	"GET /w/{wid}/campaigns/{cid}/projects-template.xlsx":   {303, 200, 200, 200, 200},
	"GET /w/{wid}/submissions/{sid}":                        {303, 200, 200, 200, 200},
	"GET /w/{wid}/submissions/{sid}/file":                   {303, 200, 200, 200, 200},
	"GET /w/{wid}/materials":                                {303, 200, 200, 200, 403},
	"GET /w/{wid}/excerpts":                                 {303, 200, 200, 200, 403},
	"POST /w/{wid}/excerpts":                                {303, 403, 400, 403, 403},
	"GET /w/{wid}/research":                                 {303, 200, 200, 200, 403},
	"POST /w/{wid}/research/teams":                          {303, 403, 400, 403, 403},
	"POST /w/{wid}/research/visits":                         {303, 403, 400, 403, 403},
	"GET /w/{wid}/research/visits/{rid}":                    {303, 200, 200, 200, 403},
	"POST /w/{wid}/research/visits/{rid}/minutes":           {303, 403, 400, 403, 403},
	"GET /w/{wid}/minutes/{mid}":                            {303, 200, 200, 200, 403},
	"GET /w/{wid}/minutes/{mid}/file":                       {303, 200, 200, 200, 403},
	"POST /api/v1/workspaces/{wid}/campaigns":               {401, 403, 400, 403, 403},
	"POST /api/v1/campaigns/{cid}/submissions":              {401, 403, 403, 403, 400},
	"GET /api/v1/campaigns/{cid}/status":                    {401, 200, 200, 200, 200},
	"GET /api/v1/workspaces/{wid}/materials":                {401, 400, 400, 400, 403},
	"GET /w/{wid}/figures":                                  {303, 200, 200, 200, 200},
	"POST /w/{wid}/figures":                                 {303, 403, 400, 403, 403},
	"GET /w/{wid}/figures/{fid}":                            {303, 200, 200, 200, 200},
	"POST /w/{wid}/figures/{fid}":                           {303, 403, 400, 403, 400},
	"POST /w/{wid}/figures/confirm":                         {303, 403, 403, 400, 400},
	"GET /w/{wid}/figures/template.xlsx":                    {303, 403, 400, 403, 200},
	"POST /w/{wid}/figures/template.xlsx":                   {303, 403, 403, 403, 400},
	"POST /w/{wid}/figures/owners":                          {303, 403, 400, 403, 403},
	"GET /w/{wid}/figures/round":                            {303, 200, 200, 200, 403},
	"POST /w/{wid}/figures/remind":                          {303, 403, 400, 403, 403},
	"POST /w/{wid}/versions/{vid}/figures":                  {303, 403, 400, 403, 403},
	"GET /w/{wid}/versions/{vid}/filled.docx":               {303, 200, 200, 200, 403},
	"GET /w/{wid}/versions/{vid}/filled.txt":                {303, 200, 200, 200, 403},
	"GET /api/v1/versions/{vid}/figures":                    {401, 200, 200, 200, 404},
	"GET /api/v1/versions/{vid}/filled.txt":                 {401, 200, 200, 200, 404},
	"PUT /api/v1/indicators/{fid}":                          {401, 403, 400, 403, 400},

	"GET /w/{wid}/stages":                             {303, 200, 200, 200, 403},
	"POST /w/{wid}/stages":                            {303, 403, 400, 403, 403},
	"GET /w/{wid}/meetings":                           {303, 200, 200, 200, 403},
	"POST /w/{wid}/meetings":                          {303, 403, 400, 400, 403},
	"GET /w/{wid}/meetings/{mtg}":                     {303, 200, 200, 200, 403},
	"POST /w/{wid}/meetings/{mtg}/minutes":            {303, 403, 400, 400, 403},
	"POST /w/{wid}/meetings/{mtg}/instructions":       {303, 403, 400, 400, 403},
	"GET /w/{wid}/meetings/{mtg}/carry":               {303, 200, 200, 200, 403},
	"GET /w/{wid}/meetings/{mtg}/carry.docx":          {303, 200, 200, 200, 403},
	"POST /w/{wid}/instructions/{ins}/mark":           {303, 403, 400, 403, 403},
	"GET /w/{wid}/compare/print":                      {303, 400, 400, 400, 403},
	"GET /w/{wid}/compare/docx":                       {303, 400, 400, 400, 403},
	"GET /w/{wid}/explanation":                        {303, 200, 200, 200, 403},
	"GET /w/{wid}/explanation.md":                     {303, 200, 200, 200, 403},
	"GET /w/{wid}/explanation.docx":                   {303, 200, 200, 200, 403},
	"POST /w/{wid}/explanation/principles":            {303, 403, 400, 403, 403},
	"GET /w/{wid}/timeline":                           {303, 200, 200, 200, 403},
	"POST /api/v1/workspaces/{wid}/meetings":          {401, 403, 400, 400, 403},
	"POST /api/v1/meetings/{mtg}/instructions":        {401, 403, 400, 400, 403},
	"POST /api/v1/instructions/{ins}/status":          {401, 403, 400, 403, 403},
	"GET /api/v1/versions/{vid}/instructions":         {401, 200, 200, 200, 403},
	"GET /api/v1/workspaces/{wid}/explanation":        {401, 200, 200, 200, 403},
	"GET /w/{wid}/rounds":                             {303, 200, 200, 200, 200},
	"GET /w/{wid}/rounds/new":                         {303, 403, 200, 403, 403},
	"POST /w/{wid}/rounds":                            {303, 403, 400, 403, 403},
	"GET /w/{wid}/rounds/{round}":                     {303, 200, 200, 200, 303},
	"GET /w/{wid}/rounds/{round}/notice.docx":         {303, 200, 200, 200, 200},
	"GET /w/{wid}/rounds/{round}/table.xlsx":          {303, 200, 200, 200, 403},
	"GET /w/{wid}/rounds/{round}/table.docx":          {303, 200, 200, 200, 403},
	"POST /w/{wid}/rounds/{round}/extend":             {303, 403, 400, 403, 403},
	"POST /w/{wid}/rounds/{round}/close":              {303, 403, 400, 403, 403},
	"POST /w/{wid}/rounds/{round}/remind":             {303, 403, 400, 403, 403},
	"GET /w/{wid}/rounds/{round}/seminar":             {303, 403, 200, 403, 403},
	"POST /w/{wid}/rounds/{round}/seminar":            {303, 403, 400, 403, 403},
	"POST /w/{wid}/rounds/{round}/seminar/{comment}":  {303, 403, 400, 403, 403},
	"POST /w/{wid}/rounds/{round}/decisions":          {303, 403, 400, 403, 403},
	"POST /w/{wid}/rounds/{round}/links":              {303, 403, 400, 403, 403},
	"POST /w/{wid}/rounds/{round}/apply":              {303, 403, 400, 403, 403},
	"GET /w/{wid}/rounds/{round}/read":                {303, 303, 303, 200, 200},
	"POST /w/{wid}/rounds/{round}/comments":           {303, 403, 403, 400, 400},
	"POST /w/{wid}/rounds/{round}/comments/{comment}": {303, 403, 403, 400, 400},
	"POST /w/{wid}/rounds/{round}/send":               {303, 403, 403, 400, 400},
	"POST /w/{wid}/rounds/{round}/no-comments":        {303, 403, 403, 400, 400},
	"GET /w/{wid}/versions/{vid}/comments":            {303, 200, 200, 200, 403},
	"POST /api/v1/workspaces/{wid}/rounds":            {401, 403, 400, 403, 403},
	"POST /api/v1/rounds/{round}/comments":            {401, 403, 400, 400, 400},
	"POST /api/v1/rounds/{round}/send":                {401, 403, 403, 400, 400},
	"POST /api/v1/rounds/{round}/no-comments":         {401, 403, 403, 200, 200},
	"GET /api/v1/rounds/{round}/status":               {401, 200, 200, 200, 200},
	"GET /api/v1/rounds/{round}/table.xlsx":           {401, 200, 200, 200, 403},
	"GET /api/v1/rounds/{round}/table.docx":           {401, 200, 200, 200, 403},
	"GET /api/v1/versions/{vid}/comments":             {401, 200, 200, 200, 403},
	"POST /api/v1/comments/{comment}/decision":        {401, 403, 400, 403, 403},

	"GET /admin/workspaces":           {303, 200, 403, 403, 403},
	"POST /admin/workspaces":          {303, 400, 403, 403, 403},
	"GET /admin/units":                {303, 200, 403, 403, 403},
	"POST /admin/units":               {303, 400, 403, 403, 403},
	"GET /admin/units/{uid}/edit":     {303, 200, 403, 403, 403},
	"POST /admin/units/{uid}":         {303, 400, 403, 403, 403},
	"GET /admin/users":                {303, 200, 403, 403, 403},
	"GET /admin/users/new":            {303, 200, 403, 403, 403},
	"POST /admin/users":               {303, 400, 403, 403, 403},
	"GET /admin/users/{id}/edit":      {303, 200, 403, 403, 403},
	"POST /admin/users/{id}":          {303, 400, 403, 403, 403},
	"GET /admin/users/{id}/password":  {303, 200, 403, 403, 403},
	"POST /admin/users/{id}/password": {303, 400, 403, 403, 403},
	"POST /admin/users/{id}/unlock":   {303, 303, 403, 403, 403},
	"GET /admin/audit":                {303, 200, 403, 403, 403},
	"GET /admin/audit.xlsx":           {303, 200, 403, 403, 403},

	"GET /api/v1/workspaces":                 {401, 200, 200, 200, 200},
	"GET /api/v1/units":                      {401, 200, 200, 200, 200},
	"POST /api/v1/workspaces/{wid}/versions": {401, 403, 400, 403, 403},
	"GET /api/v1/versions/{vid}":             {401, 200, 200, 200, 404},
}

// TestAuthorization walks every registered route as every visitor. A route without an
// expectation fails the test, so a new route cannot escape it.
func TestAuthorization(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		// an indicator owned by the contact's unit, for the figures' routes
		ind := a.ownedIndicator("contact")
		routes := a.srv.Routes()
		for _, p := range routes {
			if _, ok := expected[p]; !ok {
				t.Errorf("route %q has no expectation in the authorisation test", p)
			}
		}
		// logging out last keeps the session for the other routes
		sort.SliceStable(routes, func(i, j int) bool { return routes[j] == "POST /logout" })
		mf := seedMaterial(t, a)
		mtg, ins := a.seedMeeting()
		rf := seedRound(t, a)
		_, login := a.anonymous().get("/login")
		m := regexp.MustCompile(`/static/([0-9a-f]+)/(app\.css)`).FindStringSubmatch(login)
		if m == nil {
			t.Fatal("no stylesheet link on the login page")
		}
		for vi, who := range visitors {
			var c *client
			if who == "nobody" {
				c = a.anonymous()
			} else {
				c = a.login(who)
			}
			for _, pattern := range routes {
				method, path, _ := strings.Cut(pattern, " ")
				path = strings.NewReplacer(
					"{$}", "",
					"{wid}", id(a.ws.ID),
					"{vid}", id(a.v1.ID),
					"{uid}", id(a.users["contact"].UnitID),
					"{id}", id(a.users["victim"].ID),
					"{cid}", id(mf.campaign),
					"{iid}", id(mf.item),
					"{sid}", id(mf.submission),
					"{rid}", id(mf.visit),
					"{mid}", id(mf.minutes),
					"{fid}", id(ind.ID),
					"{mtg}", id(mtg),
					"{ins}", id(ins),
					"{round}", id(rf.round),
					"{comment}", id(rf.comment),
					"{hash}", m[1],
					"{name}", m[2],
				).Replace(path)
				var resp *http.Response
				var body string
				switch method {
				case "GET":
					resp, body = c.get(path)
				case "POST":
					resp, body = c.post(path, nil)
				default:
					resp, body = c.send(method, path, nil)
				}
				if got, want := resp.StatusCode, expected[pattern][vi]; got != want {
					t.Errorf("%s as %s (%s %s): status %d, want %d: %s", pattern, who, method, path, got, want, text(body))
				}
				if resp.StatusCode == http.StatusSeeOther && expected[pattern][0] == 303 && who == "nobody" {
					if loc := resp.Header.Get("Location"); loc != "/login" {
						t.Errorf("%s as nobody redirects to %q, want /login", pattern, loc)
					}
				}
			}
		}
	})
}

// TestOtherUnitsAreInvisible: a contact asking for another unit, or for a unit that does not
// exist, gets the same answer, so IDs reveal nothing.
func TestOtherUnitsAreInvisible(t *testing.T) {
	a := startApp(t, backends[0].dsn(t))
	c := a.login("contact")
	own, _ := c.get("/units/" + id(a.units["donghu"].ID))
	if own.StatusCode != 200 {
		t.Fatalf("own unit: status %d", own.StatusCode)
	}
	other, otherBody := c.get("/units/" + id(a.units["xishan"].ID))
	missing, missingBody := c.get("/units/999999")
	if other.StatusCode != 404 || missing.StatusCode != 404 {
		t.Fatalf("other unit %d, missing unit %d, want 404 for both", other.StatusCode, missing.StatusCode)
	}
	if otherBody != missingBody {
		t.Errorf("another unit's page differs from a missing one's:\n%s\n%s", text(otherBody), text(missingBody))
	}
	if strings.Contains(otherBody, "西山镇") {
		t.Error("the 404 page names the other unit")
	}
	// the home page lists nothing of the report for a contact
	_, home := c.get("/w/" + id(a.ws.ID))
	for _, leak := range []string{"/versions/", "征求意见稿", "西山镇"} {
		if strings.Contains(home, leak) {
			t.Errorf("a contact's home page shows %q", leak)
		}
	}
	if !strings.Contains(home, "东湖镇") {
		t.Error("a contact's home page does not name their unit")
	}

	// a version asked for under another workspace does not exist there
	w := a.login("writer")
	resp, _ := w.get("/w/999/versions/" + id(a.v1.ID))
	if resp.StatusCode != 404 {
		t.Errorf("version under a missing workspace: status %d, want 404", resp.StatusCode)
	}
	for _, p := range []string{"/w/abc", "/w/" + id(a.ws.ID) + "/versions/-1", "/w/" + id(a.ws.ID) + "/versions/99999", "/w/" + id(a.ws.ID) + "/compare?from=1&to=99999"} {
		if resp, _ := w.get(p); resp.StatusCode != 404 {
			t.Errorf("GET %s: status %d, want 404", p, resp.StatusCode)
		}
	}
}
