// Preloaded with `node --import` into a gateway under test: shifts this process's JS clock
// (Date.now, new Date()) by PORTCULLIS_TEST_CLOCK_OFFSET_MS, to show that replicas with
// skewed clocks still agree (team mode counts on Redis's clock). Test-only; never shipped.
const offset = Number(process.env.PORTCULLIS_TEST_CLOCK_OFFSET_MS ?? 0);
if (offset !== 0) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + offset);
      else super(...args);
    }
    static now() {
      return realNow() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
