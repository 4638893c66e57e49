#!/usr/bin/env bash
# End-to-end test of the full-screen console, driven through a private tmux server.
#
# It starts rtconsole on its embedded simulator in a 100x30 pane (no API key, no audio), changes the voice and
# the semantic-VAD eagerness with keys, types a message, and reads the screen with capture-pane. The simulator's
# frame log (RTCONSOLE_SIM_LOG) must then hold the matching client session.update and conversation.item.create.
# It also exports with e, resizes below 60x20 and back, quits with q (exit 0, terminal restored, session
# autosaved), suspends a second run with Ctrl-Z and SIGTSTP and continues it, ends it with SIGTERM, and starts a third with TERM unset.
#
# Usage: integration/tmux/console_smoke.sh           (RTCONSOLE_BIN overrides .build/debug/rtconsole)
# Prints one line per check and ends with "tmux: N passed, M failed"; exits non-zero on any failure.
set -u

BIN=${RTCONSOLE_BIN:-.build/debug/rtconsole}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rtconsole-tmux.XXXXXX")
SOCK=$WORK/tmux-none.sock
FRAMES=$WORK/frames.jsonl
. "$(dirname "$0")/lib.sh"

# start NAME [TERM-VALUE [ARGUMENT…]]: runs rtconsole --no-audio ARGUMENT… in a fresh 100x30 window, in
# $WORK, with no key and no .env; TERM is xterm-256color unless given, and unset when given as "".
start() {
    local name=$1
    local term="TERM=${2-xterm-256color}"
    [ "$term" = "TERM=" ] && term="-u TERM"
    shift $(($# < 2 ? $# : 2))
    local arguments=""
    [ $# -gt 0 ] && arguments=$(printf " %q" "$@")
    tmux -S "$SOCK" kill-server >/dev/null 2>&1
    SOCK=$WORK/tmux-$name.sock
    tmux -S "$SOCK" new-session -d -s console -x 100 -y 30 -c "$WORK" \
        "env -u OPENAI_API_KEY -u OPENAI_BASE_URL -u AZURE_OPENAI_API_KEY -u AZURE_OPENAI_ENDPOINT $term LANG=C.UTF-8 \
         XDG_STATE_HOME=$WORK/state XDG_CONFIG_HOME=$WORK/config RTCONSOLE_SIM_LOG=$FRAMES \
         '$BIN' --no-audio$arguments; echo \"$name exited \$?\"; sleep 120"
    tmux -S "$SOCK" set-option -t console remain-on-exit on >/dev/null
}

require_tools "$BIN"

# 1. A call on the simulator: settings, a typed message, export, resize, quit.
start first
check "the console starts and connects to the local simulator" wait_for 20 screen_has "● connected"
check "the header says plainly that this is the local simulator" screen_has "Local simulator: no API key was found"
keys Tab Right Down Down Down Right Down Right
check "the voice changed to cedar on screen" wait_for 5 screen_has "Voice           cedar"
check "turn detection shows semantic VAD and eagerness low" wait_for 5 screen_has "Eagerness       low"
check "the simulator got a session.update with the new voice" wait_for 5 client_frame session.update '"voice":"cedar"'
check "the simulator got a session.update with the new eagerness" \
    wait_for 5 client_frame session.update '"type":"semantic_vad","eagerness":"low"'
keys Up Up Right
check "the reasoning effort shows medium (from the model's default, low)" wait_for 5 screen_has "Reasoning       medium"
check "the simulator got a session.update with reasoning effort medium" \
    wait_for 5 client_frame session.update '"reasoning":{"effort":"medium"}'
keys t
tmux -S "$SOCK" send-keys -t console -l "Hello from tmux"
keys Enter
check "the typed message shows in the transcript" wait_for 5 screen_has "You  Hello from tmux"
check "the simulator got a conversation.item.create with the typed text" \
    wait_for 5 client_frame conversation.item.create '"text":"Hello from tmux"'
check "the assistant's reply shows in the transcript" wait_for 15 eval 'screen | grep -qE "^│ [0-9:]+ AI   [^ (]"'
check "the status bar shows the turn's latency and tokens" wait_for 15 eval 'screen | grep -qE "last turn [0-9]+ ms to first audio .* tokens"'
# Home and End as tmux sends them (ESC [1~ and ESC [4~) with TERM=xterm-256color, whose terminfo lists others.
keys Tab Home
check "Home under tmux selects the first event (session.created at the top of the events pane)" \
    wait_for 5 eval 'screen | grep -qE "│[0-9:.]+ ← session\.created"'
keys End
check "End under tmux follows the newest event again" wait_for 5 eval '! screen | grep -qE "│[0-9:.]+ ← session\.created"'
keys Tab
keys e
check "e exports the transcript to the working directory" wait_for 5 eval 'ls "$WORK"/rtconsole-*.md >/dev/null 2>&1'
check "the export notice names the file" wait_for 5 screen_has "transcript written to $WORK/rtconsole-"
tmux -S "$SOCK" resize-window -t console -x 50 -y 15
check "a 50x15 terminal is asked to be enlarged" wait_for 5 screen_has "Enlarge it to at least 60×20."
tmux -S "$SOCK" resize-window -t console -x 100 -y 30
check "back at 100x30 the console is whole again" wait_for 5 screen_has "You  Hello from tmux"
keys q
check "q quits with exit code 0" wait_for 10 screen_has_line "first exited 0"
check "the terminal is restored (main screen, not the console's)" alternate_screen_off
check "the terminal shows no leftover console frame" eval '! screen | grep -qF "┌ Transcript"'
check "the session was autosaved with the conversation" eval 'grep -qF "Hello from tmux" "$WORK"/state/rtconsole/sessions/*.json'
check "the autosave says when the call ended" eval 'grep -qE "\"ended_at\" ?: ?\"20" "$WORK"/state/rtconsole/sessions/*.json'

# 2. SIGTERM: the terminal is restored, the session saved, the exit code says which signal.
rm -f "$FRAMES"
start second
check "a second call starts" wait_for 20 screen_has "● connected"
# Job control: Ctrl-Z and SIGTSTP give the terminal back and stop the process; SIGCONT repaints all of it.
process_stopped() { [ "$(ps -o stat= -p "$(rtconsole_pid)" | cut -c1)" = T ]; }
keys C-z
check "Ctrl-Z stops the console" wait_for 5 process_stopped
check "Ctrl-Z gives the terminal back (main screen)" wait_for 5 alternate_screen_off
# What a shell prints while the console is stopped must not show through when it comes back.
echo "the shell printed this while the console was stopped" >"$(tmux -S "$SOCK" display-message -p -t console '#{pane_tty}')"
kill -CONT "$(rtconsole_pid)"
check "after SIGCONT the console takes the screen again" wait_for 5 eval '! alternate_screen_off'
check "after SIGCONT the whole console is repainted" wait_for 5 eval 'screen_has "● connected" && screen_has "┌ Transcript" && screen_has "q quit"'
check "nothing the shell printed shows through" eval '! screen_has "the shell printed this"'
kill -TSTP "$(rtconsole_pid)"
check "SIGTSTP stops the console" wait_for 5 process_stopped
check "SIGTSTP gives the terminal back (main screen)" wait_for 5 alternate_screen_off
kill -CONT "$(rtconsole_pid)"
check "after SIGTSTP and SIGCONT the whole console is repainted" wait_for 5 eval 'screen_has "● connected" && screen_has "┌ Transcript" && screen_has "q quit"'
kill -TERM "$(rtconsole_pid)" 2>/dev/null
check "SIGTERM ends the call with exit code 143" wait_for 10 screen_has_line "second exited 143"
check "the terminal is restored after SIGTERM" alternate_screen_off

# 3. --record: the call's stereo WAV is written when the console quits (the assistant's audio on the right).
start record xterm-256color --record "$WORK/rec.wav"
check "a call with --record starts" wait_for 20 screen_has "● connected"
keys t
tmux -S "$SOCK" send-keys -t console -l "Record this"
keys Enter
check "the reply to the recorded call arrives" wait_for 15 eval 'screen | grep -qE "^│ [0-9:]+ AI   [^ (]"'
check "the recorded reply is complete (its turn is in the status bar)" wait_for 15 screen_has "last turn"
keys q
check "q ends the recorded call with exit code 0" wait_for 10 screen_has_line "record exited 0"
check "the recording is a stereo WAV with the reply's audio" \
    eval '[ "$(soxi -c "$WORK/rec.wav" 2>/dev/null)" = 2 ] && [ "$(soxi -s "$WORK/rec.wav")" -gt 24000 ]'
check "no partial recording is left behind" eval '! ls -a "$WORK" | grep -q partial'

# 4. TERM unset: a clear one-line message and exit code 1, never a broken screen.
start third ""
check "TERM unset gives a clear message" wait_for 10 screen_has "TERM is not set"
check "TERM unset exits with code 1" wait_for 5 screen_has_line "third exited 1"
check "TERM unset leaves the terminal as it was" alternate_screen_off

# 5. A theme asked for must be usable: an unknown name and a broken file are each one line and exit code 2.
start nope xterm-256color --theme nope
check "an unknown theme is one line naming the themes" wait_for 10 screen_has "Error: unknown theme 'nope'; available:"
check "an unknown theme exits with code 2 before the screen starts" wait_for 5 screen_has_line "nope exited 2"
mkdir -p "$WORK/config/rtconsole/themes"
echo 'colors = [' >"$WORK/config/rtconsole/themes/broken.toml"
start broken xterm-256color --theme broken
check "a broken theme file is one line naming the file" wait_for 10 screen_has "Error: --theme broken: theme $WORK/config/rtconsole/themes/broken.toml, line 1"
check "a broken theme file exits with code 2" wait_for 5 screen_has_line "broken exited 2"

finish
