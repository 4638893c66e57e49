#!/usr/bin/env bash
# End-to-end test of a GPT-Live call in the full-screen console, with sound, driven through tmux.
#
# rtconsole runs on its embedded simulator with --model gpt-live-1, its microphone the test PulseAudio
# daemon's rt_mic.monitor and its speaker rt_speaker (see scripts/pulse-test-daemon; PULSE_SERVER must
# point at it). A question spoken with espeak-ng is played into rt_mic; the scenario makes the model
# delegate it; the console answers with the config file's tool, and the model speaks the result. Then m
# mutes and unmutes (session.input_audio.mute/unmute), Space says there is no push-to-talk, and q closes
# the session (session.close → session.closed) and exits 0. Last, a Realtime call with a mistyped
# --input-device keeps its speaker: a typed message's reply plays on rt_speaker.
#
# Usage: integration/tmux/console_live.sh           (RTCONSOLE_BIN overrides .build/debug/rtconsole)
# Prints one line per check and ends with "tmux: N passed, M failed"; exits non-zero on any failure.
set -u

BIN=${RTCONSOLE_BIN:-.build/debug/rtconsole}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rtconsole-tmux-live.XXXXXX")
SOCK=$WORK/tmux-live.sock
FRAMES=$WORK/frames.jsonl
. "$(dirname "$0")/lib.sh"

require_tools "$BIN"
for tool in espeak-ng paplay pactl; do
    if ! command -v "$tool" >/dev/null; then
        echo "FAIL  $tool is not installed (scripts/install-deps --test)"
        FAILED=1
        finish
        exit
    fi
done
if [ -z "${PULSE_SERVER:-}" ] || ! pactl list short sinks 2>/dev/null | grep -q rt_mic; then
    echo "FAIL  no test PulseAudio daemon: run eval \"\$(scripts/pulse-test-daemon start DIR)\" first"
    FAILED=1
    finish
    exit
fi

cat >"$WORK/config.toml" <<'TOML'
[[tools]]
name = "lookup"
description = "Looks up what the user asked for"
output = "It is sunny in Paris and twenty one degrees."
TOML
cat >"$WORK/scenario.json" <<'JSON'
{
  "name": "live-delegation",
  "turns": [
    { "user_transcript": "What is the weather in Paris?", "tool_call": { "name": "lookup", "arguments": {} } }
  ]
}
JSON
espeak-ng -w "$WORK/question.wav" "What is the weather in Paris today?" 2>/dev/null

tmux -S "$SOCK" new-session -d -s console -x 100 -y 30 -c "$WORK" \
    "env -u OPENAI_API_KEY -u OPENAI_BASE_URL -u AZURE_OPENAI_API_KEY -u AZURE_OPENAI_ENDPOINT TERM=xterm-256color LANG=C.UTF-8 \
     PULSE_SERVER='$PULSE_SERVER' XDG_STATE_HOME=$WORK/state XDG_CONFIG_HOME=$WORK/config RTCONSOLE_SIM_LOG=$FRAMES \
     '$BIN' --model gpt-live-1 --input-device rt_mic.monitor --output-device rt_speaker \
     --config '$WORK/config.toml' --scenario '$WORK/scenario.json'; echo \"live exited \$?\"; sleep 120"
tmux -S "$SOCK" set-option -t console remain-on-exit on >/dev/null

check "the console starts a GPT-Live call on the local simulator" wait_for 20 screen_has "● connected"
check "the header names the protocol" screen_has "gpt-live-1 GPT-Live"
check "the status bar says full duplex instead of push-to-talk" screen_has "full duplex"
check "the microphone streams without a pause (session.input_audio.append)" \
    wait_for 10 client_frame session.input_audio.append '"audio"'
paplay --device=rt_mic "$WORK/question.wav"
check "the spoken question shows as the user's turn" wait_for 20 screen_has "You  What is the weather in Paris?"
check "the model's delegation shows in the transcript" wait_for 15 screen_has "delegation → client"
check "the console answered with the tool's output as commentary" \
    wait_for 15 client_frame session.commentary.append '"content":"It is sunny in Paris and twenty one degrees."'
check "the tool's result shows in the transcript" wait_for 10 screen_has "result: It is sunny in Paris"
check "the model speaks the delegated result" \
    wait_for 30 eval 'screen | grep -qE "AI +One moment\. It is sunny in Paris"'
check "the result was spoken as audio (output transcript and audio from the simulator)" \
    server_frame session.output_transcript.delta '"delta":" sunny"'
keys m
check "m mutes: the status bar says so" wait_for 5 screen_has "MIC MUTED"
check "m sends session.input_audio.mute" wait_for 5 client_frame session.input_audio.mute '"event_id"'
check "the server acknowledges the mute" wait_for 5 server_frame session.input_audio.muted '"event_id"'
keys m
check "m again sends session.input_audio.unmute" wait_for 5 client_frame session.input_audio.unmute '"event_id"'
keys Space
check "Space says why there is no push-to-talk" wait_for 5 screen_has "GPT-Live has no push-to-talk"
keys q
check "q closes the session with session.close" wait_for 10 client_frame session.close '"event_id"'
check "the server answered with session.closed (close_requested)" wait_for 10 server_frame session.closed '"reason":"close_requested"'
check "q exits with code 0" wait_for 15 screen_has_line "live exited 0"
check "the terminal is restored" alternate_screen_off
check "the autosave records a GPT-Live call with its seconds" \
    eval 'grep -qE "\"api\" ?: ?\"live\"" "$WORK"/state/rtconsole/sessions/*.json && grep -qE "\"live_seconds\" ?: ?[1-9]" "$WORK"/state/rtconsole/sessions/*.json'

# A mistyped microphone leaves the speaker playing: a Realtime call with --input-device rt_mik.
rm -f "$FRAMES"
tmux -S "$SOCK" kill-server >/dev/null 2>&1
SOCK=$WORK/tmux-typo.sock
tmux -S "$SOCK" new-session -d -s console -x 100 -y 30 -c "$WORK" \
    "env -u OPENAI_API_KEY -u OPENAI_BASE_URL -u AZURE_OPENAI_API_KEY -u AZURE_OPENAI_ENDPOINT TERM=xterm-256color LANG=C.UTF-8 \
     PULSE_SERVER='$PULSE_SERVER' XDG_STATE_HOME=$WORK/state2 XDG_CONFIG_HOME=$WORK/config RTCONSOLE_SIM_LOG=$FRAMES \
     '$BIN' --input-device rt_mik --output-device rt_speaker; echo \"typo exited \$?\"; sleep 120"
tmux -S "$SOCK" set-option -t console remain-on-exit on >/dev/null
check "a mistyped microphone: the call starts" wait_for 20 screen_has "● connected"
check "the screen says the microphone is off and why, and that replies play" \
    wait_for 5 eval 'screen_has "Microphone off (replies still play; t types): there is no PulseAudio input device named '\''rt_mik'\''"'
keys t
tmux -S "$SOCK" send-keys -t console -l "Say something"
keys Enter
check "the reply to a typed message arrives" wait_for 15 eval 'screen | grep -qE "^│ [0-9:]+ AI   [^ (]"'
check "the reply plays on the speaker (a playback stream of rtconsole on rt_speaker)" \
    eval 'pactl list sink-inputs | grep -q "application.name = \"rtconsole\""'
keys q
check "q exits with code 0" wait_for 15 screen_has_line "typo exited 0"

finish
