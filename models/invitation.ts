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
import { enumColumn, timestamps } from "./columns";
import { INVITATION_ROLES, RSVP_STATUSES, type InvitationRole, type RsvpStatus } from "./enums";
import type { Meeting } from "./meeting";
import type { Unit } from "./unit";
import type { User } from "./user";

/**
 * Thành phần mời: a person (userId) or a unit (unitId) that sends someone.
 * A delegation keeps the original row (rsvp "delegated", delegateUserId) and
 * may add a row for the delegate pointing back through delegatedFromId.
 */
export class Invitation extends Model<InferAttributes<Invitation>, InferCreationAttributes<Invitation>> {
  declare id: CreationOptional<number>;
  declare meetingId: ForeignKey<number>;
  declare userId: CreationOptional<ForeignKey<number> | null>;
  declare unitId: CreationOptional<ForeignKey<number> | null>;
  declare role: InvitationRole;
  declare rsvp: CreationOptional<RsvpStatus>;
  declare delegateUserId: CreationOptional<ForeignKey<number> | null>;
  declare delegatedFromId: CreationOptional<ForeignKey<number> | null>;
  declare reason: CreationOptional<string | null>;
  declare respondedAt: CreationOptional<Date | null>;
  declare checkedInAt: CreationOptional<Date | null>;
  declare checkedInById: CreationOptional<ForeignKey<number> | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare meeting?: NonAttribute<Meeting>;
  declare user?: NonAttribute<User | null>;
  declare unit?: NonAttribute<Unit | null>;
  declare delegateUser?: NonAttribute<User | null>;
  declare delegatedFrom?: NonAttribute<Invitation | null>;
  declare delegations?: NonAttribute<Invitation[]>;
  declare checkedInBy?: NonAttribute<User | null>;

  static initModel(sequelize: Sequelize) {
    Invitation.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false },
        userId: { type: DataTypes.INTEGER, allowNull: true },
        unitId: { type: DataTypes.INTEGER, allowNull: true },
        role: enumColumn(INVITATION_ROLES),
        rsvp: enumColumn(RSVP_STATUSES, { defaultValue: "pending" }),
        delegateUserId: { type: DataTypes.INTEGER, allowNull: true },
        delegatedFromId: { type: DataTypes.INTEGER, allowNull: true },
        reason: { type: DataTypes.TEXT, allowNull: true },
        respondedAt: { type: DataTypes.DATE, allowNull: true },
        checkedInAt: { type: DataTypes.DATE, allowNull: true },
        checkedInById: { type: DataTypes.INTEGER, allowNull: true },
        ...timestamps,
      },
      {
        sequelize,
        tableName: "invitations",
        modelName: "Invitation",
        validate: {
          inviteeGiven(this: Invitation) {
            if (this.userId == null && this.unitId == null) throw new Error("an invitation needs a userId or a unitId");
          },
        },
      },
    );
    return Invitation;
  }
}
