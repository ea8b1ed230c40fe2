package web

import "net/http"

// signInPage is the sign-in form's state; the password is never sent back.
type signInPage struct {
	Login  string
	Next   string
	Errors FormErrors
}

// signInForm shows the sign-in form, or sends someone already signed in on their way.
func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) error {
	next := r.URL.Query().Get("next")
	if p := info(r).principal; p != nil && !p.MustEnrolTOTP {
		http.Redirect(w, r, afterSignIn(next), http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, "signin", "auth.signin.title", signInPage{Next: next})
}

// afterSignIn is where a successful sign-in goes: the local page asked for, or the console.
func afterSignIn(next string) string {
	if next == "" || localPath(next) != next {
		return "/console"
	}
	return next
}
