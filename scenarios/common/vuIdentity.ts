import exec from "k6/execution";

/**
 * Which VU this is across the whole test, not in this k6 process: with
 * execution segments (several k6 runners, as k6-operator starts them) `__VU`
 * starts again at 1 in every runner, so sessions, tokens and users keyed on
 * it would collide. `exec.vu.idInTest` is unique across runners (probed on
 * k6 v2.2.0: two runners of one test gave 1, 3 and 2, 4) and equals `__VU`
 * when one k6 runs the test. Iterations stay `__ITER`, per VU: unique with it.
 */
export const vuId = (): number => exec.vu.idInTest;
