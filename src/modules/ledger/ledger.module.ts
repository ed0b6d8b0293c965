import { Module } from '@nestjs/common';
import { LedgerFeed } from './feed/ledger-feed';
import { LedgerFeedController } from './feed/ledger-feed.controller';

/**
 * The auditor's ledger: the feed in the admin API. Verify, rebuild and export are the CLI's
 * (`ledger.cli.ts`); they and the feed share the replay and the sequencer.
 */
@Module({
  controllers: [LedgerFeedController],
  providers: [LedgerFeed],
  exports: [LedgerFeed],
})
export class LedgerModule {}
