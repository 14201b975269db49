import { CreateFolderBody, Folder, ListFoldersQuery, Ok } from '@blinkpost/contract';
import type { FastifyInstance } from 'fastify';
import { ListingReply, listingReply, listingRequest } from '../listing.js';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

const tags = ['folders'];

/** Folders (v1): general ones for lists, templates and sequences; email-sender ones for senders. */
export function folderRoutes(app: FastifyInstance, s: Services): void {
  app.get<{ Querystring: ListFoldersQuery }>(
    '/folders',
    {
      schema: {
        summary: "The workspace's folders, latest first (type all, general or email-sender)",
        tags,
        querystring: ListFoldersQuery,
        response: { 200: ListingReply(Folder) },
      },
    },
    async (request) => {
      const listing = listingRequest(request.query);
      const data = await s.folders.list(principalOf(request), { ...listing, type: request.query.type });
      return listingReply(data, listing);
    },
  );

  app.post<{ Body: CreateFolderBody }>(
    '/folders',
    {
      schema: {
        summary: 'Create a folder: general without a type, or email-sender (list, template, sequence mean general)',
        tags,
        body: CreateFolderBody,
        response: { 200: Ok(Folder) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Folder created',
      data: await s.folders.create(principalOf(request), request.body),
    }),
  );
}
