// Pure earning policy of the points module: no framework, no I/O, no clock.
export * from './decimal';
export * from './integers';
export * from './base-points';
export * from './sale-time';
export * from './calendar-values';
export * from './local-time';
export * from './bonus-window';
export * from './tier';
export * from './match-key';
export * from './line-items';
export * from './product-rules';
export * from './award-decision';
