import { randomUUID } from "node:crypto";
import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from "sequelize";
import type { AgendaItem } from "./agenda-item";
import type { Body } from "./body";
import { enumColumn, timestamps } from "./columns";
import type { Directive } from "./directive";
import type { Document } from "./document";
import {
  CONFIDENTIALITY_LEVELS,
  MEETING_KINDS,
  MEETING_STATUSES,
  type Confidentiality,
  type MeetingKind,
  type MeetingStatus,
} from "./enums";
import type { Invitation } from "./invitation";
import type { Minutes } from "./minutes";
import type { Room } from "./room";
import type { Task } from "./task";
import type { User } from "./user";

export function newIcalUid(kind = "meeting") {
  return `${kind}-${randomUUID()}@phonghopso`;
}

/** Cuộc họp. Times are UTC instants; the UI shows them in Asia/Ho_Chi_Minh. */
export class Meeting extends Model<InferAttributes<Meeting>, InferCreationAttributes<Meeting>> {
  declare id: CreationOptional<number>;
  declare bodyId: ForeignKey<number>;
  declare title: string;
  declare kind: MeetingKind;
  declare startsAt: Date;
  declare endsAt: Date;
  declare roomId: CreationOptional<ForeignKey<number> | null>;
  declare onlineUrl: CreationOptional<string | null>;
  declare chairId: CreationOptional<ForeignKey<number> | null>;
  declare secretaryId: CreationOptional<ForeignKey<number> | null>;
  declare status: CreationOptional<MeetingStatus>;
  declare confidentiality: CreationOptional<Confidentiality>;
  declare notes: CreationOptional<string | null>;
  /** Why it was postponed or cancelled (shown to invitees). */
  declare statusReason: CreationOptional<string | null>;
  /** Stable UID for calendar feeds; bump icalSequence on every change invitees should see. */
  declare icalUid: CreationOptional<string>;
  declare icalSequence: CreationOptional<number>;
  declare createdById: CreationOptional<ForeignKey<number> | null>;
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare body?: NonAttribute<Body>;
  declare room?: NonAttribute<Room | null>;
  declare chair?: NonAttribute<User | null>;
  declare secretary?: NonAttribute<User | null>;
  declare createdBy?: NonAttribute<User | null>;
  declare agendaItems?: NonAttribute<AgendaItem[]>;
  declare invitations?: NonAttribute<Invitation[]>;
  declare minutes?: NonAttribute<Minutes | null>;
  declare documents?: NonAttribute<Document[]>;
  declare tasks?: NonAttribute<Task[]>;
  declare directives?: NonAttribute<Directive[]>;

  static initModel(sequelize: Sequelize) {
    Meeting.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        bodyId: { type: DataTypes.INTEGER, allowNull: false },
        title: { type: DataTypes.STRING(500), allowNull: false, validate: { notEmpty: true } },
        kind: enumColumn(MEETING_KINDS),
        startsAt: { type: DataTypes.DATE, allowNull: false },
        endsAt: { type: DataTypes.DATE, allowNull: false },
        roomId: { type: DataTypes.INTEGER, allowNull: true },
        onlineUrl: { type: DataTypes.STRING(500), allowNull: true },
        chairId: { type: DataTypes.INTEGER, allowNull: true },
        secretaryId: { type: DataTypes.INTEGER, allowNull: true },
        status: enumColumn(MEETING_STATUSES, { defaultValue: "draft" }),
        confidentiality: enumColumn(CONFIDENTIALITY_LEVELS, { defaultValue: "normal" }),
        notes: { type: DataTypes.TEXT, allowNull: true },
        statusReason: { type: DataTypes.TEXT, allowNull: true },
        icalUid: { type: DataTypes.STRING(191), allowNull: false, defaultValue: () => newIcalUid() },
        icalSequence: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdById: { type: DataTypes.INTEGER, allowNull: true },
        version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
        ...timestamps,
      },
      {
        sequelize,
        tableName: "meetings",
        modelName: "Meeting",
        validate: {
          endsAfterStart(this: Meeting) {
            if (this.startsAt && this.endsAt && new Date(this.endsAt) <= new Date(this.startsAt)) {
              throw new Error("endsAt must be after startsAt");
            }
          },
        },
      },
    );
    return Meeting;
  }
}
