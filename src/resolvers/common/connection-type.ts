// Builds the `XConnection` and `XEdge` object types for a node type (type-graphql has no generics).
// Both inherit the cache hint of the field that returns the connection (the default is max-age 0).
import { Directive, Field, ObjectType, type ClassType } from 'type-graphql';
import { PageInfo } from './pagination';

export function connectionType<T extends object>(node: ClassType<T>, name: string) {
  @Directive('@cacheControl(inheritMaxAge: true)')
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @Directive('@cacheControl(inheritMaxAge: true)')
  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionType;
}
