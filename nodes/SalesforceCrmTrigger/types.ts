import type { IDataObject } from 'n8n-workflow';

/** Workflow static data kept by the Salesforce CRM Trigger (saved by n8n whenever the node emits). */
export interface TriggerStaticData extends IDataObject {
	/** last emitted replay id per channel */
	replay?: IDataObject;
	/** PlatformEventChannelMember ids this workflow created (kept: see "Enable Change Data Capture on Activation") */
	cdcMembers?: string[];
	/** "Ignore Changes Made By": changes dropped since the last emitted item (loopGuard.ts) */
	ignoredSinceLastItem?: number;
	/** polling mode: the checkpoint (polling/poller.ts PollCheckpoint) */
	polling?: IDataObject;
}
