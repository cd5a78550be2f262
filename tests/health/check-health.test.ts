import { describe, expect, it } from 'vitest';
import { checkHealth } from '../../src/health/check-health.js';

const healthy = { gatewayStatus: 'Ready', gatewayReady: true, storeLocation: 'SQLite file /data/x.sqlite', storeFailure: null };

describe('checkHealth', () => {
  it('is healthy with the gateway ready and the store writable', () => {
    expect(checkHealth(healthy)).toEqual({ healthy: true, reasons: [] });
  });

  it('names every problem, one line each', () => {
    expect(checkHealth({ ...healthy, gatewayStatus: 'Reconnecting', gatewayReady: false, storeFailure: 'SQLITE_BUSY: database is locked' })).toEqual({
      healthy: false,
      reasons: [
        'the Discord gateway is not connected (status Reconnecting)',
        'the store (SQLite file /data/x.sqlite) cannot be written: SQLITE_BUSY: database is locked',
      ],
    });
  });
});
