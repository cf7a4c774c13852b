#!/usr/bin/env python3
"""Writes answer.wav beside this script: 1.6 s of a synthetic voice (a glottal pulse train
whose pitch glides between 105 and 165 Hz, shaped by three formants that move from vowel to
vowel, in four syllables with short noise bursts between them), mono, 16-bit, 48 kHz. The
tests feed it through the ALSA test microphone (tests/alsa/sparring-test.conf). Deterministic:
running it again writes the same bytes."""
import math, os, struct, wave

RATE = 48000
SECONDS = 1.6
VOWELS = [(730, 1090, 2440), (270, 2290, 3010), (570, 840, 2410), (530, 1840, 2480)]


def resonator(freq, bw):
    r = math.exp(-math.pi * bw / RATE)
    return 2 * r * math.cos(2 * math.pi * freq / RATE), -r * r


def main():
    n = int(RATE * SECONDS)
    seed = 12345
    phase = 0.0
    state = [[0.0, 0.0] for _ in range(3)]
    out = []
    for i in range(n):
        t = i / RATE
        syl = min(int(t / (SECONDS / 4)), 3)
        ts = t - syl * SECONDS / 4
        f0 = 135 + 30 * math.sin(2 * math.pi * 0.8 * t)
        phase += f0 / RATE
        pulse = 1.0 if phase >= 1.0 else 0.0
        phase -= math.floor(phase)
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        noise = seed / 0x3FFFFFFF - 1.0
        voiced = 0.05 < ts < 0.34
        env = math.sin(math.pi * (ts - 0.05) / 0.29) if voiced else 0.0
        src = pulse * env * 6.0 + (noise * 0.25 if 0.36 < ts < 0.395 else 0.0)
        y = 0.0
        for k, (f, bw) in enumerate(zip(VOWELS[syl], (80, 100, 120))):
            a1, a2 = resonator(f, bw)
            v = src + a1 * state[k][0] + a2 * state[k][1]
            state[k][1], state[k][0] = state[k][0], v
            y += v * (1.0, 0.5, 0.25)[k]
        out.append(y)
    peak = max(abs(v) for v in out) or 1.0
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "answer.wav")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(round(v / peak * 0.7 * 32767))) for v in out))


if __name__ == "__main__":
    main()
