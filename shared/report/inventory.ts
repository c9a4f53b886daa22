// What a sweep of an account-region saw beside its findings: each group
// with its binding and the interfaces that carry it, and each interface
// with the profiles its tags call for. Reports and the sweep digest read
// it to tell which resources lack which tier profile.
import { SnapshotIndex } from '../engine/index.ts';
import type {
  AttachmentMapping,
  IntentBundle,
} from '../profiles/types.ts';
import type { NetworkInterface, Snapshot } from '../snapshot/index.ts';

/** A security group of a swept account-region, with its binding. */
export interface GroupInfo {
  account: string;
  region: string;
  groupId: string;
  groupName: string;
  vpcId?: string;
  description?: string;
  /** The binding's profile names; absent when the group has no binding. */
  binding?: string[];
  /** How many rules the group has. */
  rules: number;
  /** The interfaces that carry the group. */
  interfaces: string[];
}

/** A network interface of a swept account-region. */
export interface InterfaceInfo {
  account: string;
  region: string;
  networkInterfaceId: string;
  /** Its `Name` tag, else its description. */
  name?: string;
  vpcId?: string;
  groupIds: string[];
  /** The profiles its tags call for (the settings' attachment mappings). */
  wants: string[];
}

/** The groups and interfaces of one account-region. */
export interface RegionInventory {
  groups: GroupInfo[];
  interfaces: InterfaceInfo[];
}

function tagsMatch(eni: NetworkInterface, mapping: AttachmentMapping) {
  const tags = new Map((eni.TagSet ?? []).map((t) => [t.Key, t.Value]));
  return Object.entries(mapping.tags).every(([k, v]) => tags.get(k) === v);
}

function interfaceInfo(
  snapshot: Snapshot,
  eni: NetworkInterface,
  mappings: AttachmentMapping[],
): InterfaceInfo {
  const name = eni.TagSet?.find((t) => t.Key === 'Name')?.Value ||
    eni.Description || undefined;
  return {
    account: snapshot.Account,
    region: snapshot.Region,
    networkInterfaceId: eni.NetworkInterfaceId ?? '',
    ...(name ? { name } : {}),
    ...(eni.VpcId ? { vpcId: eni.VpcId } : {}),
    groupIds: (eni.Groups ?? []).map((g) => g.GroupId ?? ''),
    wants: [...new Set(mappings.filter((m) => tagsMatch(eni, m))
      .map((m) => m.profile))],
  };
}

function carriersOf(interfaces: InterfaceInfo[]): Map<string, string[]> {
  const carriers = new Map<string, string[]>();
  for (const eni of interfaces) {
    for (const id of eni.groupIds) {
      const list = carriers.get(id);
      if (list) list.push(eni.networkInterfaceId);
      else carriers.set(id, [eni.networkInterfaceId]);
    }
  }
  return carriers;
}

function groupsOf(
  index: SnapshotIndex,
  interfaces: InterfaceInfo[],
): GroupInfo[] {
  const { snapshot } = index;
  const carriers = carriersOf(interfaces);
  return [...index.groups.values()].map((view) => ({
    account: snapshot.Account,
    region: snapshot.Region,
    groupId: view.id,
    groupName: view.group.GroupName ?? '',
    ...(view.group.VpcId ? { vpcId: view.group.VpcId } : {}),
    ...(view.group.Description
      ? { description: view.group.Description }
      : {}),
    ...(view.bindingTag === undefined ? {} : { binding: [...view.binding] }),
    rules: index.rulesOf(view).length,
    interfaces: carriers.get(view.id) ?? [],
  }));
}

/**
 * The groups and interfaces of a snapshot, as the bundle reads them;
 * `index` is the snapshot indexed for that bundle, when one is at hand.
 */
export function regionInventory(
  bundle: IntentBundle,
  snapshot: Snapshot,
  index = new SnapshotIndex(snapshot, bundle),
): RegionInventory {
  const interfaces = (snapshot.NetworkInterfaces ?? [])
    .map((eni) => interfaceInfo(snapshot, eni, bundle.settings.attachments));
  return { groups: groupsOf(index, interfaces), interfaces };
}
