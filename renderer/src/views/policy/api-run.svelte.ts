// One Api request a panel runs on demand: whether it is running, its last result, or the
// error it failed with (a failure clears the last result, so the two never show together).
export class ApiRun<T> {
  result = $state<T>();
  error = $state<unknown>();
  running = $state(false);

  async run(request: () => Promise<T>): Promise<void> {
    this.running = true;
    this.error = undefined;
    try {
      this.result = await request();
    } catch (e) {
      this.result = undefined;
      this.error = e;
    } finally {
      this.running = false;
    }
  }
}
