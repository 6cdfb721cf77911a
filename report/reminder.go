package report

import (
	"context"
	"time"
)

// Reminder (催办) asks a unit to act on something of a workspace: a comment round, a material
// campaign, figures to confirm. Subject names the thing as "kind:id" ("round:12"); the unit's
// to-do list puts reminded items first.
type Reminder struct {
	ID          int64
	WorkspaceID int64
	UnitID      int64
	Subject     string
	Note        string
	By          int64 // the user who sent it
	At          time.Time
}

// ReminderStore keeps reminders.
type ReminderStore interface {
	// Remind stores r and sets its ID and At.
	Remind(ctx context.Context, r *Reminder, audit AuditEntry) error
	// RemindAll stores reminders together, all or none (一键催办 of hundreds of units), each
	// audited as Remind audits one, and sets their IDs and At.
	RemindAll(ctx context.Context, rs []*Reminder, audit AuditEntry) error
	// Reminders lists the reminders sent to a unit in a workspace, newest first.
	Reminders(ctx context.Context, workspaceID, unitID int64) ([]Reminder, error)
}
