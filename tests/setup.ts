// Safety net: no test may ever read or write the real user's data directory.
import os from 'node:os';
import path from 'node:path';

process.env.PORTCULLIS_DATA_DIR = path.join(os.tmpdir(), `portcullis-test-default-${process.pid}`);
