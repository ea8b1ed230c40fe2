package web

import (
	"net/http"

	"chuhai/internal/directory"
	"chuhai/internal/industry"
)

// apiDirectoryReference returns the directory's vocabularies, for clients building forms.
func (s *Server) apiDirectoryReference(w http.ResponseWriter, r *http.Request) error {
	ref := directory.Ref()
	return writeJSON(w, http.StatusOK, directoryReference{Categories: ref.Categories.Choices, Languages: ref.Languages.Choices,
		SizeClasses: ref.SizeClasses.Choices, Ownerships: ref.Ownerships.Choices, EntityKinds: ref.EntityKinds.Choices,
		EntityStatuses: ref.EntityStatuses.Choices, Industries: industry.Sections()})
}
