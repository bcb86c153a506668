import type { Fields, OrgStore } from './store';
import { SfError } from './types';

/**
 * Sales-side rules of the emulated org that a field table cannot express: price book entries, opportunity
 * products (OpportunityLineItem) and queue owners. Called by OrgStore.derive() after required fields are checked,
 * before the row is stored; a throw fails the write like a Salesforce validation. Error codes follow Salesforce;
 * the wordings marked "guessed" are not verified against a real org.
 */
type Rule = (store: OrgStore, f: Fields, written: string[], prev?: Fields) => void;

const integrity = (field: string, why: string) =>
	new SfError('FIELD_INTEGRITY_EXCEPTION', `field integrity exception: ${field} (${why})`, [field]);

export const SALES_RULES: Record<string, Rule> = {
	PricebookEntry(store, f, _written, prev) {
		const product = store.get('Product2', String(f.Product2Id));
		f.Name = product?.Name ?? null;
		f.ProductCode = product?.ProductCode ?? null;
		if (prev) return;
		const book = store.get('Pricebook2', String(f.Pricebook2Id));
		const entries = store.all('PricebookEntry').filter((e) => e.Product2Id === f.Product2Id);
		if (entries.some((e) => e.Pricebook2Id === f.Pricebook2Id)) {
			throw new SfError('DUPLICATE_VALUE', 'This price definition already exists in this price book', []);
		}
		if (book && !book.IsStandard) {
			const standard = store.all('Pricebook2').find((b) => b.IsStandard);
			if (!entries.some((e) => e.Pricebook2Id === standard?.Id && e.IsActive)) {
				throw new SfError('STANDARD_PRICE_NOT_DEFINED', 'Before creating a custom price, create a standard price.', []);
			}
		}
	},
	OpportunityLineItem(store, f, written, prev) {
		const opp = store.get('Opportunity', String(f.OpportunityId))!;
		if (!prev) {
			let entry = f.PricebookEntryId ? store.get('PricebookEntry', String(f.PricebookEntryId)) : undefined;
			// Since v38 a Product2Id alone picks the product's entry in the opportunity's price book.
			if (!entry && f.Product2Id && opp.Pricebook2Id) {
				entry = store.all('PricebookEntry').find((e) => e.Product2Id === f.Product2Id && e.Pricebook2Id === opp.Pricebook2Id);
			}
			if (!entry) throw new SfError('REQUIRED_FIELD_MISSING', 'Required fields are missing: [PricebookEntryId]', ['PricebookEntryId']);
			if (opp.Pricebook2Id && opp.Pricebook2Id !== entry.Pricebook2Id) {
				throw integrity('PricebookEntryId', 'pricebook entry is in a different pricebook than the one assigned to the opportunity');
			}
			if (!entry.IsActive) throw integrity('PricebookEntryId', 'pricebook entry is inactive'); // wording guessed
			if (!opp.Pricebook2Id) {
				// An opportunity without a price book takes the entry's (guessed from the UI's behaviour).
				store.update('Opportunity', String(opp.Id), { Pricebook2Id: entry.Pricebook2Id }, { system: true });
			}
			const product = store.get('Product2', String(entry.Product2Id));
			f.PricebookEntryId = entry.Id;
			f.Product2Id = entry.Product2Id;
			f.ListPrice = entry.UnitPrice;
			f.ProductCode = product?.ProductCode ?? null;
			f.Name = `${String(opp.Name)} ${String(product?.Name ?? '')}`.trim();
			const unit = written.includes('UnitPrice') && f.UnitPrice !== null;
			const total = written.includes('TotalPrice') && f.TotalPrice !== null;
			if (unit && total) throw integrity('TotalPrice', 'only one of unit price or total price may be specified');
			if (!unit && !total) throw integrity('unknown', 'must specify either TotalPrice or UnitPrice');
		}
		const quantity = Number(f.Quantity);
		if (!(quantity > 0)) throw integrity('Quantity', 'quantity must be nonzero'); // wording guessed
		const discount = typeof f.Discount === 'number' ? f.Discount : 0;
		if (written.includes('TotalPrice') && !written.includes('UnitPrice') && typeof f.TotalPrice === 'number') {
			f.UnitPrice = f.TotalPrice / quantity / (1 - discount / 100);
		} else {
			f.TotalPrice = Math.round(Number(f.UnitPrice) * quantity * (1 - discount / 100) * 100) / 100;
		}
	},
	Case: queueOwner('Case'),
	Lead: queueOwner('Lead'),
};

/** A record owned by a group must be owned by a queue that supports its object. */
function queueOwner(type: string): Rule {
	return (store, f) => {
		const owner = String(f.OwnerId ?? '');
		if (!owner.startsWith('00G')) return;
		const group = store.get('Group', owner);
		const supported = store.all('QueueSobject').some((q) => q.QueueId === owner && q.SobjectType === type);
		if (!group || group.Type !== 'Queue' || !supported) {
			throw new SfError('INVALID_CROSS_REFERENCE_KEY', `Owner ID: the queue does not take ${type} records`, ['OwnerId']); // wording guessed
		}
	};
}

/** Rows every org has: the standard price book. */
export function seedSales(store: OrgStore): void {
	store.insert('Pricebook2', { Name: 'Standard Price Book', IsActive: true, IsStandard: true }, { system: true });
}
