package report

import "context"

// GroupSeat is one person's place in a workspace's drafting leadership group (起草领导小组).
type GroupSeat struct {
	UserID int64
	Role   GroupRole // never GroupNone
}

// GroupStore keeps each workspace's leadership group: each year's group is its own, so a
// leader who moved on is not named in the next year's 起草说明.
type GroupStore interface {
	// WorkspaceGroup lists the group: 组长, then 副组长, then 成员, each in the order the seats
	// were set.
	WorkspaceGroup(ctx context.Context, workspaceID int64) ([]GroupSeat, error)
	// SetWorkspaceGroup replaces the whole group after CheckGroup; one audit entry.
	SetWorkspaceGroup(ctx context.Context, workspaceID int64, seats []GroupSeat, audit AuditEntry) error
}

// CheckGroup applies the rules of a leadership group: a known place for each, each person
// once, enabled and no contact (联络员), at most one 组长, and the 组长 and 副组长 the city's
// leaders (role leader, unit of kind leadership), not a township's or a department's people.
func CheckGroup(seats []GroupSeat, users map[int64]User, units map[int64]Unit) error {
	seen := map[int64]bool{}
	head := ""
	for _, s := range seats {
		u, ok := users[s.UserID]
		if !ok {
			return Errorf(EINVALID, "起草领导小组中有不存在的用户")
		}
		if seen[s.UserID] {
			return Errorf(EINVALID, "%s在起草领导小组中出现了两次", u.Name)
		}
		seen[s.UserID] = true
		if s.Role != GroupHead && s.Role != GroupDeputy && s.Role != GroupMember {
			return Errorf(EINVALID, "%s在起草领导小组中的职务无效", u.Name)
		}
		if u.Disabled {
			return Errorf(EINVALID, "%s的账号已停用，不能列入起草领导小组", u.Name)
		}
		if u.Role == RoleContact {
			return Errorf(EINVALID, "联络员（%s）不能列入起草领导小组", u.Name)
		}
		if s.Role == GroupHead || s.Role == GroupDeputy {
			if u.Role != RoleLeader || units[u.UnitID].Kind != UnitLeadership {
				return Errorf(EINVALID, "起草领导小组的%s应由市政府领导担任（角色为领导、单位为市政府领导），%s不是", GroupRoleName(s.Role), u.Name)
			}
		}
		if s.Role == GroupHead {
			if head != "" {
				return Errorf(EINVALID, "起草领导小组只能有一位组长（%s、%s）", head, u.Name)
			}
			head = u.Name
		}
	}
	return nil
}

// GroupRoleName is a place's Chinese name.
func GroupRoleName(g GroupRole) string {
	switch g {
	case GroupHead:
		return "组长"
	case GroupDeputy:
		return "副组长"
	case GroupMember:
		return "成员"
	}
	return ""
}
