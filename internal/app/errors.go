package app

import (
	"database/sql"
	"errors"

	"chuhai/internal/apperr"
)

func isNotFound(err error) bool { return errors.Is(err, apperr.ErrNotFound) }

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
