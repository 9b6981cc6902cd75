#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host side of the QEMU DCD guest run: carry the guest's QMP requests.

The guest asks on its third serial port (/dev/ttyS2), one request a line:

    qmp <json>      run <json> (a QMP command object) on QEMU's monitor
    qmps <json>     run the QMP command objects of the array <json>, sent
                    to the monitor in one write, so that QEMU runs them
                    back to back (the guest can hardly act in between)
    media DPA LEN SEED AS
                    check the device's media (QEMU's backing file of the
                    DC region) at DPA for LEN bytes of ctm-pattern's words
                    of SEED as at offset AS
    book QOM OFF BLOCK COUNT
                    QEMU's book of the extents of device QOM (DC region 0)
                    for COUNT blocks of BLOCK bytes from OFF, asked a block
                    at a time (see book()): one character a block, H held,
                    - not held, P pending

and gets one line back:

    ok <json>       the command's "return" value
    error <text>    QMP's error class and description

Each exchange is also written to the log given on the command line, so
that a failed scenario shows what QEMU was asked. QMP events (e.g.
MEMORY_DEVICE_SIZE_CHANGE) are logged and otherwise ignored.

Usage: bridge.py QMP_SOCKET SERIAL_SOCKET MEDIA_FILE LOG
Both sockets are QEMU's (server=on); the bridge connects to them and
exits when QEMU closes them.
"""
import array
import json
import socket
import sys
import time

MASK = (1 << 64) - 1


def word(seed, off):
    """ctm-pattern's word at offset off (helpers/ctm-pattern.c)."""
    x = seed ^ ((off * 0x9e3779b97f4a7c15) & MASK)
    x ^= x >> 31
    x = (x * 0xbf58476d1ce4e5b9) & MASK
    return x ^ (x >> 29)


def media_check(path, dpa, length, seed, as_off):
    """Compare the media at dpa with the pattern; return a reply line."""
    words = array.array("Q")
    with open(path, "rb") as f:
        f.seek(dpa)
        words.frombytes(f.read(length))
    if len(words) * 8 != length:
        return f"error media file ends before {dpa + length:#x}"
    for i, got in enumerate(words):
        want = word(seed, as_off + i * 8)
        if got != want:
            return (f"error mismatch at DPA {dpa + i * 8:#x}: "
                    f"{got:#018x}, expected {want:#018x}")
    return "ok"


def book(qmp, log, qom, off, block, count):
    """QEMU's book of count blocks from off; return a reply line.

    QEMU has no command that lists its extents, but a prescriptive release
    checks every extent before it acts on any, in order: a release of a
    block followed by an extent of length 0 fails on the second extent
    exactly when the block is held, and changes nothing. Asked here rather
    than from the guest, each block costs a QMP round trip instead of two
    lines over an emulated serial port."""
    marks = ""
    for i in range(count):
        cmd = {"execute": "cxl-release-dynamic-capacity",
               "arguments": {"path": qom, "host-id": 0,
                             "removal-policy": "prescriptive", "region": 0,
                             "extents": [{"offset": off + i * block,
                                          "len": block},
                                         {"offset": 0, "len": 0}]}}
        msg = qmp.command(cmd)
        desc = msg.get("error", {}).get("desc", "")
        if "0 length" in desc:
            marks += "H"
        elif "non-existing" in desc:
            marks += "-"
        elif "pending" in desc:
            marks += "P"
        else:
            return f"error block {off + i * block:#x}: {json.dumps(msg)}"
    log.write(f"book {off:#x} {block:#x} {count}: {marks}\n")
    return "ok " + marks


def connect(path, timeout=60):
    """Connect to a QEMU server socket, waiting for QEMU to create it."""
    end = time.monotonic() + timeout
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.monotonic() > end:
                raise
            time.sleep(0.2)


class Qmp:
    def __init__(self, path, log):
        self.sock = connect(path)
        self.file = self.sock.makefile("rw", encoding="utf-8", newline="\n")
        self.log = log
        greeting = self.read()
        if "QMP" not in greeting:
            raise RuntimeError(f"no QMP greeting: {greeting}")
        self.command({"execute": "qmp_capabilities"})

    def read(self):
        line = self.file.readline()
        if not line:
            raise EOFError("QMP closed")
        return json.loads(line)

    def command(self, cmd):
        return self.commands([cmd])

    def commands(self, cmds):
        """Send every command at once; the first error's reply, else the
        last reply."""
        self.file.write("".join(json.dumps(c) + "\n" for c in cmds))
        self.file.flush()
        first_error = None
        for _ in cmds:
            while True:
                msg = self.read()
                if "event" not in msg:
                    break
                self.log.write(f"event {json.dumps(msg)}\n")
            if "return" not in msg and first_error is None:
                first_error = msg
        return first_error or msg


def main():
    qmp_path, serial_path, media_path, log_path = sys.argv[1:5]
    with open(log_path, "w", encoding="utf-8", buffering=1) as log:
        serial = connect(serial_path)
        qmp = Qmp(qmp_path, log)
        rfile = serial.makefile("r", encoding="utf-8", newline="\n",
                                errors="replace")
        for line in rfile:
            line = line.strip("\r\n\x00 ")
            if not line:
                continue
            if line.startswith("media "):
                try:
                    dpa, length, seed, as_off = (int(v, 0) for v in line.split()[1:5])
                    reply = media_check(media_path, dpa, length, seed, as_off)
                except (ValueError, OSError) as e:
                    reply = f"error {e}"
                log.write(f"{line}: {reply}\n")
                serial.sendall((reply + "\n").encode())
                continue
            if line.startswith("book "):
                try:
                    qom = line.split()[1]
                    off, block, count = (int(v, 0) for v in line.split()[2:5])
                    reply = book(qmp, log, qom, off, block, count)
                except (ValueError, IndexError) as e:
                    reply = f"error {e}"
                serial.sendall((reply + "\n").encode())
                continue
            verb, _, arg = line.partition(" ")
            if verb not in ("qmp", "qmps"):
                log.write(f"guest {line}\n")
                continue
            log.write(f"ask {arg}\n")
            try:
                cmd = json.loads(arg)
                msg = (qmp.commands(cmd) if verb == "qmps"
                       else qmp.command(cmd))
            except (ValueError, TypeError, AttributeError) as e:
                reply = f"error bad request: {e}"
            else:
                if "return" in msg:
                    reply = "ok " + json.dumps(msg["return"])
                else:
                    err = msg.get("error", {})
                    reply = (f"error {err.get('class', '?')}: "
                             f"{err.get('desc', json.dumps(msg))}")
            log.write(f"say {reply}\n")
            serial.sendall((reply + "\n").encode())


if __name__ == "__main__":
    try:
        main()
    except (EOFError, ConnectionError, BrokenPipeError):
        pass
