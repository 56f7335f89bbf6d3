package jobs

import (
	"context"
	"database/sql"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v4/stdlib"
)

// One claim against a large due backlog; the spec reads its plan from the server log.
func TestClaimUnderBacklog(t *testing.T) {
	db, err := sql.Open("pgx", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	job, err := Claim(context.Background(), db, Lease)
	if err != nil {
		t.Fatal(err)
	}
	if job == nil {
		t.Fatal("no due job claimed")
	}
}
