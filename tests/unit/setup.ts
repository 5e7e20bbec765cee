// happy-dom has no IndexedDB; idb-keyval needs one.
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resetServices } from '@/lib/background/services';

beforeEach(() => {
  fakeBrowser.reset();
  resetServices();
});
