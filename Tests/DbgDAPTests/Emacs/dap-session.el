;;; dap-session.el --- an editor session over DAP, driven by Emacs dap-mode  -*- lexical-binding: t -*-
;;
;; What an Emacs user does: a breakpoint set in the source buffer, a launch, then at the stop
;; the stack, the scopes and their variables, an expression evaluated, `next', and `continue'
;; (again at each later stop) to the end. dap-mode speaks to a server already listening (the test starts it) because
;; the template has :host and :debugServer and no server path.
;;
;; Environment: DAP_PORT, DAP_PROGRAM (the binary), DAP_SOURCE and DAP_LINE (the breakpoint),
;; DAP_EXPRESSION (evaluated at the stop), DAP_TRANSCRIPT (the file written, one fact a line).
;; Exits 0 after the program's end, 3 if a step did not come within 60 s.

(require 'dap-mode)
(require 'dap-ui)  ; without it, setExceptionBreakpoints fails on a server with exception filters
(require 'seq)

(defvar dbg-test-transcript (getenv "DAP_TRANSCRIPT"))
(defvar dbg-test-stops 0)
(defvar dbg-test-ended nil)

(defun dbg-test-note (format-string &rest arguments)
  (write-region (concat (apply #'format format-string arguments) "\n") nil dbg-test-transcript 'append 'silent))

(defun dbg-test-wait (done what)
  (let ((deadline (+ (float-time) 60)))
    (while (and (not (funcall done)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless (funcall done)
      (dbg-test-note "timeout waiting for %s" what)
      (kill-emacs 3))))

(defun dbg-test-top-frame (session)
  (let* ((thread (dap--debug-session-thread-id session))
         (body (dap-request session "stackTrace" :threadId thread :startFrame 0 :levels 20)))
    (gethash "stackFrames" body)))

(defun dbg-test-where (frame)
  (let ((source (gethash "source" frame)))
    (format "%s:%s in %s"
            (if source (file-name-nondirectory (or (gethash "path" source) "?")) "?")
            (gethash "line" frame) (gethash "name" frame))))

(add-hook 'dap-stopped-hook (lambda (_session) (setq dbg-test-stops (1+ dbg-test-stops))))
(add-hook 'dap-terminated-hook (lambda (_session) (setq dbg-test-ended t)))
(dap-register-debug-provider "dbg-test" #'identity)

(find-file (getenv "DAP_SOURCE"))
(goto-char (point-min))
(forward-line (1- (string-to-number (getenv "DAP_LINE"))))
(dap-breakpoint-add)

(dap-debug (list :type "dbg-test" :request "launch" :name "dbg-test" :mode "exec"
                 :program (getenv "DAP_PROGRAM") :cwd (file-name-directory (getenv "DAP_PROGRAM"))
                 :host "127.0.0.1" :debugServer (string-to-number (getenv "DAP_PORT"))))

(dbg-test-wait (lambda () (>= dbg-test-stops 1)) "the breakpoint")
(let* ((session (dap--cur-session))
       (frames (dbg-test-top-frame session))
       (top (elt frames 0))
       (expression (getenv "DAP_EXPRESSION")))
  (dbg-test-note "stopped at %s" (dbg-test-where top))
  (seq-doseq (frame frames) (dbg-test-note "frame %s" (gethash "name" frame)))
  (seq-doseq (scope (gethash "scopes" (dap-request session "scopes" :frameId (gethash "id" top))))
    (dbg-test-note "scope %s" (gethash "name" scope))
    (seq-doseq (variable (gethash "variables" (dap-request session "variables"
                                                          :variablesReference (gethash "variablesReference" scope))))
      (dbg-test-note "variable %s = %s" (gethash "name" variable) (gethash "value" variable))))
  (dbg-test-note "evaluate %s = %s" expression
                 (gethash "result" (dap-request session "evaluate" :expression expression
                                                :frameId (gethash "id" top) :context "repl")))
  (dap-next session))

(dbg-test-wait (lambda () (>= dbg-test-stops 2)) "the end of next")
(let ((session (dap--cur-session)))
  (dbg-test-note "after next at %s" (dbg-test-where (elt (dbg-test-top-frame session) 0)))
  (dap-continue session (dap--debug-session-thread-id session)))

;; Each later stop (the breakpoint hit again) is noted and continued from, to the end.
(let ((seen 2))
  (while (not dbg-test-ended)
    (dbg-test-wait (lambda () (or dbg-test-ended (> dbg-test-stops seen))) "the program's end")
    (when (and (not dbg-test-ended) (> dbg-test-stops seen))
      (setq seen dbg-test-stops)
      (let ((session (dap--cur-session)))
        (dbg-test-note "stopped again at %s" (dbg-test-where (elt (dbg-test-top-frame session) 0)))
        (dap-continue session (dap--debug-session-thread-id session))))))
(dbg-test-note "terminated")
(kill-emacs 0)
