"""Answers `cmtc keys new` passphrase prompts on a pseudo-terminal, as a person would (CmtcKeysTests).

Usage: keys_terminal.py CMTC KEYS_DIR NAME PASSPHRASE [SECOND]
Types PASSPHRASE at the first prompt and SECOND (default: the same) at the second, prints the whole
transcript, and exits with cmtc's status. The transcript must not show what was typed (no echo).
"""
import os
import pty
import select
import sys
import time

cmtc, keys_dir, name, passphrase = sys.argv[1:5]
second = sys.argv[5] if len(sys.argv) > 5 else passphrase
pid, fd = pty.fork()
if pid == 0:
    env = {k: v for k, v in os.environ.items() if k != "CMT_KEY_PASSPHRASE"}
    os.execve(cmtc, [cmtc, "keys", "new", name, "--keys-dir", keys_dir, "--light-kdf"], env)

transcript = b""


def read_until(token, timeout=30):
    global transcript
    deadline = time.time() + timeout
    while token not in transcript:
        if time.time() > deadline:
            sys.stdout.write(transcript.decode("utf-8", "replace"))
            sys.stderr.write("timed out waiting for %r\n" % token)
            os.kill(pid, 9)
            sys.exit(3)
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                transcript += os.read(fd, 4096)
            except OSError:
                break


read_until(b"Passphrase")
os.write(fd, passphrase.encode() + b"\n")
read_until(b"Repeat")
os.write(fd, second.encode() + b"\n")
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    transcript += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.write(transcript.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
