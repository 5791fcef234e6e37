// Time under the test's control, passed to the app as overrides.clock.

/** A clock the test moves by hand (the server's TOTP checks read it). */
export function manualClock(start = Date.now()) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms), ms: () => now };
}
