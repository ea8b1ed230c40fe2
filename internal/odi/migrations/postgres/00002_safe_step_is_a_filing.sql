-- +goose Up
-- SAFE's foreign-exchange registration at the bank is recorded as a filing: the issue's actions are
-- approval, filing, report and none.
UPDATE odi_step SET action = 'filing' WHERE regime = 'safe' AND action = 'registration';

-- +goose Down
UPDATE odi_step SET action = 'registration' WHERE regime = 'safe' AND action = 'filing';
