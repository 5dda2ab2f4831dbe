"""Drives `cmtc repl` on a pseudo-terminal, as a person at a keyboard would (CmtcReplTerminalTests).

Usage: repl_terminal.py SCENARIO CMTC DIR HOME_DIR [REPL ARGUMENT...]
SCENARIO is `editing` (Tab completion and Ctrl-C while typing, on Examples/pricing) or `interrupt`
(Ctrl-C while `fire` runs a consequence that never ends, on DIR's spin.drl). Prints the whole
transcript, and exits 0 when every step saw what it expected (else 1, with the reason on
standard error).
"""
import os
import pty
import select
import signal
import sys
import time

scenario, cmtc, example, home = sys.argv[1:5]
extra = sys.argv[5:]
pid, fd = pty.fork()
if pid == 0:
    # A user's shell lets Ctrl-C through: undo what the test runner may have blocked or ignored.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT])
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    env = dict(os.environ, HOME=home, TERM="xterm")
    os.execve(cmtc, [cmtc, "repl"] + extra + [example], env)

transcript = b""


def fail(reason):
    sys.stdout.write(transcript.decode("utf-8", "replace"))
    sys.stderr.write(reason + "\n")
    try:
        os.kill(pid, 9)
    except OSError:
        pass
    sys.exit(1)


def read_until(token, since, timeout=30):
    """Reads until `token` appears in the output after offset `since`."""
    global transcript
    deadline = time.time() + timeout
    while token not in transcript[since:]:
        left = deadline - time.time()
        if left <= 0:
            fail("timed out waiting for %r" % token)
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b""
        if not data:
            fail("the REPL ended while waiting for %r" % token)
        transcript += data


def drain(seconds):
    """Reads whatever the REPL writes for `seconds`."""
    global transcript
    deadline = time.time() + seconds
    while True:
        left = deadline - time.time()
        if left <= 0:
            return
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            if not data:
                fail("the REPL ended")
            transcript += data


def send(text):
    os.write(fd, text)
    time.sleep(0.2)


def editing():
    prompt = b"pricing.rl> "
    read_until(prompt, 0)

    # Tab completes the command, the fact type and a field name.
    mark = len(transcript)
    send(b"ins\t")
    send(b"Mes\t")
    send(b"(fi\t")
    send(b"741, sta\t")
    send(b"1)\r")
    read_until(b"f-1 inserted", mark)
    read_until(prompt, mark)

    # Ctrl-C cancels the line being typed: nothing is inserted and the session goes on.
    mark = len(transcript)
    send(b"insert Message(status: 2")
    send(b"\x03")
    read_until(b"^C", mark)
    read_until(prompt, mark)
    mark = len(transcript)
    send(b"facts\r")
    read_until(b"f-1 Message", mark)
    read_until(prompt, mark)
    if b"f-2" in transcript[mark:]:
        fail("the cancelled line was run")

    # A second Ctrl-C on an empty line does not end the session either.
    mark = len(transcript)
    send(b"\x03")
    read_until(prompt, mark)
    mark = len(transcript)
    send(b"fac\t\r")
    read_until(b"f-1 Message", mark)
    read_until(prompt, mark)


def interrupt():
    prompt = b"spin.drl> "
    read_until(prompt, 0)
    mark = len(transcript)
    send(b"insert Spin(n: 1)\r")
    read_until(b"f-1 inserted", mark)
    read_until(prompt, mark)

    # Ctrl-C while `fire` runs a consequence that loops (with gas for hours): the VM stops it, the
    # command fails with "interrupted" and the prompt comes back with the facts kept.
    mark = len(transcript)
    send(b"fire\r")
    drain(1.0)
    if prompt in transcript[mark:]:
        fail("fire ended on its own before Ctrl-C")
    os.write(fd, b"\x03")
    read_until(b"interrupted", mark, timeout=10)
    read_until(b"Ctrl-C stopped the command", mark, timeout=10)
    read_until(prompt, mark, timeout=10)
    mark = len(transcript)
    send(b"facts\r")
    read_until(b"f-1 Spin", mark)
    read_until(prompt, mark)

    # Ctrl-C at the empty prompt shows a new prompt, as in Python; the session goes on.
    mark = len(transcript)
    send(b"\x03")
    read_until(prompt, mark)
    mark = len(transcript)
    send(b"gas\r")
    read_until(b"gas used: ", mark)
    read_until(prompt, mark)


{"editing": editing, "interrupt": interrupt}[scenario]()
send(b":quit\r")
_, status = os.waitpid(pid, 0)
sys.stdout.write(transcript.decode("utf-8", "replace"))
if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
    sys.stderr.write("the REPL ended with status %r\n" % status)
    sys.exit(1)
