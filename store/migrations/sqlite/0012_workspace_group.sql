-- The leadership group (起草领导小组) per workspace: each year has its own. The global
-- users.group_role is copied into every existing workspace so nothing is lost; it is no
-- longer read for the group.

CREATE TABLE workspace_group (
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	user_id      INTEGER NOT NULL REFERENCES users (id),
	role         TEXT    NOT NULL,
	position     INTEGER NOT NULL,
	PRIMARY KEY (workspace_id, user_id)
);

INSERT INTO workspace_group (workspace_id, user_id, role, position)
SELECT w.id, u.id, u.group_role, u.id
FROM workspaces w CROSS JOIN users u
WHERE u.group_role IN ('head', 'deputy', 'member') AND u.disabled = 0;
