// Pure earning policy of the points module: no framework, no I/O, no clock.
export * from '../../../kernel/decimal';
export * from '../../../kernel/integers';
export * from './base-points';
export * from './sale-time';
export * from '../../../kernel/calendar-values';
export * from '../../../kernel/local-time';
export * from './bonus-window';
export * from '../../../kernel/tier';
export * from './match-key';
export * from './line-items';
export * from './product-rules';
export * from './award-decision';
