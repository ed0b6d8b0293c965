import { loadConfig } from './app-config';

describe('the metrics listener settings', () => {
  it('default to port 9464 on 127.0.0.1: never public unless asked', () => {
    const config = loadConfig({});
    expect({ port: config.METRICS_PORT, host: config.METRICS_HOST }).toEqual({ port: 9464, host: '127.0.0.1' });
  });

  it('take METRICS_PORT=0 as metrics off, and any interface for METRICS_HOST', () => {
    const config = loadConfig({ METRICS_PORT: '0', METRICS_HOST: '0.0.0.0' });
    expect({ port: config.METRICS_PORT, host: config.METRICS_HOST }).toEqual({ port: 0, host: '0.0.0.0' });
  });

  it('refuse a METRICS_PORT that is not a port, naming it', () => {
    expect(() => loadConfig({ METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });

  it('refuse the API port for the metrics, which would serve them to the public or not start', () => {
    expect(() => loadConfig({ PORT: '8080', METRICS_PORT: '8080' })).toThrow(/METRICS_PORT: must differ from PORT/);
    expect(loadConfig({ PORT: '0', METRICS_PORT: '0' }).METRICS_PORT).toBe(0);
  });
});
