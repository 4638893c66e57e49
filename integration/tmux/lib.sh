# Shared by the tmux tests: checks, reading the screen, keys and waiting. Source it after setting SOCK.
# Each check prints one line; finish prints "tmux: N passed, M failed" and fails when any check failed.

PASSED=0
FAILED=0

finish() {
    tmux -S "$SOCK" kill-server >/dev/null 2>&1
    echo "tmux: $PASSED passed, $FAILED failed"
    if [ "$FAILED" -eq 0 ]; then rm -rf "$WORK"; else echo "tmux: files kept in $WORK"; fi
    [ "$FAILED" -eq 0 ]
}

check() {
    local name=$1
    shift
    if "$@"; then
        PASSED=$((PASSED + 1))
        echo "ok    $name"
    else
        FAILED=$((FAILED + 1))
        echo "FAIL  $name"
        echo "----- screen -----"
        screen
        echo "------------------"
    fi
}

screen() { tmux -S "$SOCK" capture-pane -p -t console 2>/dev/null; }
screen_has() { screen | grep -qF -- "$1"; }
screen_has_line() { screen | grep -qxF -- "$1"; }
alternate_screen_off() { [ "$(tmux -S "$SOCK" display-message -p -t console '#{alternate_on}')" = 0 ]; }
keys() { for key in "$@"; do tmux -S "$SOCK" send-keys -t console "$key"; sleep 0.15; done; }

# wait_for SECONDS COMMAND...: retries the command every 0.2 s until it succeeds or time runs out.
wait_for() {
    local tries=$(($1 * 5))
    shift
    while [ "$tries" -gt 0 ]; do
        "$@" && return 0
        sleep 0.2
        tries=$((tries - 1))
    done
    return 1
}

# client_frame TYPE TEXT / server_frame TYPE TEXT: the simulator's frame log ($FRAMES) has such a frame.
client_frame() { grep '"dir":"client"' "$FRAMES" 2>/dev/null | grep -F "\"type\":\"$1\"" | grep -qF -- "$2"; }
server_frame() { grep '"dir":"server"' "$FRAMES" 2>/dev/null | grep -F "\"type\":\"$1\"" | grep -qF -- "$2"; }
rtconsole_pid() { pgrep -P "$(tmux -S "$SOCK" display-message -p -t console '#{pane_pid}')" -f rtconsole | head -1; }

# require_tools BINARY: fails the run at once when the binary or tmux is missing.
require_tools() {
    if [ ! -x "$1" ]; then
        echo "FAIL  binary $1 not found or not executable: run swift build first"
        FAILED=1
        finish
        exit
    fi
    if ! command -v tmux >/dev/null; then
        echo "FAIL  tmux is not installed (apt-get install tmux)"
        FAILED=1
        finish
        exit
    fi
}
