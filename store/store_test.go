package store_test

import (
	"testing"

	"qicao/store/storetest"
)

func TestSQLite(t *testing.T) { storetest.Run(t, storetest.SQLiteDSN) }

func TestPostgres(t *testing.T) { storetest.Run(t, storetest.PostgresDSN) }
